"""snippets/deploy/signup-web.service and signup-worker.service: the systemd units beside signup.conf.

The units parse (configparser reads their ``[Section]`` and ``Key=value`` lines), run the same
commands in the same folder as the user that ``signup.conf`` names, which its own test runs
under supervisord (``test_signup_conf.py``), stop them with the same signal and grace periods,
and pass ``systemd-analyze verify`` once their paths point at this checkout. systemd itself does
not start them here: the tests run in no systemd-managed session.
"""

import shlex
import shutil
import subprocess
import sys

import pytest

from tests.helpers.snippets import SNIPPETS_DIR
from tests.test_snippets.deploy import supervised
from tests.test_snippets.deploy.supervised import WEB, WORKER
from tests.test_snippets.deploy.units import exec_start_words, read_unit

UNITS = {
    WEB: supervised.CONF.with_name("signup-web.service"),
    WORKER: supervised.CONF.with_name("signup-worker.service"),
}


@pytest.mark.parametrize("program", [WEB, WORKER])
def test_each_unit_runs_the_programs_command_and_stops_it_as_signup_conf_does(
    program,
):
    unit = read_unit(UNITS[program])
    service = unit["Service"]
    shown = supervised.shown_programs()[program]
    assert exec_start_words(service) == shlex.split(shown["command"])
    assert service["WorkingDirectory"] == shown["directory"]
    assert service["User"] == service["Group"] == shown["user"]
    assert service["EnvironmentFile"] == "/etc/signup/environment"
    assert service["KillSignal"] == f"SIG{shown['stopsignal']}"
    # mixed: the signal to the main process, the final SIGKILL to every process
    # (killasgroup=true in signup.conf).
    assert service["KillMode"] == "mixed"
    assert service["TimeoutStopSec"] == shown["stopwaitsecs"]
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_systemd_analyze_verify_finds_nothing_to_report(tmp_path):
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip(
            "systemd-analyze is not installed here: the units are only parsed by configparser"
        )
    project = SNIPPETS_DIR / supervised.PROJECT
    for unit in UNITS.values():
        text = unit.read_text().replace(supervised.SHOWN_VENV, sys.prefix)
        (tmp_path / unit.name).write_text(
            text.replace(supervised.SHOWN_PROJECT, str(project))
        )
    done = subprocess.run(
        [tool, "verify", *(str(tmp_path / unit.name) for unit in UNITS.values())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # verify exits 0 after a setting it ignores: anything it prints is a finding.
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
