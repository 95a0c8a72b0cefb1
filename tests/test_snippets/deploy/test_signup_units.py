"""snippets/deploy/signup-web.service and signup-worker.service: the systemd units beside signup.conf.

The units parse (configparser reads their ``[Section]`` and ``Key=value`` lines), run the same
commands in the same folder as the user that ``signup.conf`` names, which its own test runs
under supervisord (``test_signup_conf.py``), stop them with the same signal and grace periods,
and pass ``systemd-analyze verify`` once their paths point at this checkout. systemd itself does
not start them here: the tests run in no systemd-managed session.
"""

import shlex

import pytest

from tests.helpers import systemd_units
from tests.helpers.snippets import SNIPPETS_DIR
from tests.helpers.systemd_units import exec_start_words, read_unit
from tests.test_snippets.deploy import supervised
from tests.test_snippets.deploy.supervised import WEB, WORKER

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
    project = SNIPPETS_DIR / supervised.PROJECT
    assert systemd_units.verify(list(UNITS.values()), project, tmp_path) == (0, "")
