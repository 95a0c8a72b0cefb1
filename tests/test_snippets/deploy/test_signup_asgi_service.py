"""snippets/deploy/signup-asgi.service: uvicorn under systemd, stopped with SIGINT.

The unit runs the command docs/how-to/stop-asgi-servers.md shows, which
``tests/test_snippets/ladder/asyncio/test_asyncio_uvicorn.py`` serves and stops: SIGINT lets the email in
flight finish, SIGTERM (systemd's default ``KillSignal=``) loses it. Here: the unit's command is
that one (the address aside: the tests pick a free port), it stops uvicorn with SIGINT, gives it
longer than the helper's drain, and passes ``systemd-analyze verify`` with its paths pointed at
this checkout. systemd itself does not start it here.
"""

import inspect

from background import BackgroundPool
from tests.helpers import systemd_units
from tests.helpers.snippets import SNIPPETS_DIR
from tests.helpers.systemd_units import (
    SHOWN_PROJECT,
    SHOWN_VENV,
    exec_start_words,
    read_unit,
)
from tests.test_snippets.ladder.asyncio import test_asyncio_uvicorn

UNIT = SNIPPETS_DIR / "deploy" / "signup-asgi.service"
# The helper's default drain, in seconds, as its signature gives it.
HELPER_EXIT_DEADLINE = (
    inspect.signature(BackgroundPool).parameters["exit_deadline"].default
)


def without_address(words: list[str]) -> list[str]:
    kept, skip = [], False
    for word in words:
        if skip:
            skip = False
        elif word in ("--host", "--port"):
            skip = True
        else:
            kept.append(word)
    return kept


def test_the_unit_runs_one_uvicorn_with_the_command_the_tests_stop_with_sigint():
    service = read_unit(UNIT)["Service"]
    words = exec_start_words(service)
    assert words[0] == f"{SHOWN_VENV}/bin/uvicorn"
    shown = test_asyncio_uvicorn.PRODUCTION.split()
    assert ["uvicorn", *without_address(words[1:])] == shown
    assert "--workers" not in words
    assert words[words.index("--host") + 1] == "127.0.0.1"
    assert service["WorkingDirectory"] == SHOWN_PROJECT
    assert service["KillSignal"] == "SIGINT"
    assert service["KillMode"] == "mixed"
    assert int(service["TimeoutStopSec"]) > HELPER_EXIT_DEADLINE


def test_systemd_analyze_verify_finds_nothing_to_report(tmp_path):
    project = SNIPPETS_DIR / "ladder" / "asyncio"
    assert systemd_units.verify([UNIT], project, tmp_path) == (0, "")
