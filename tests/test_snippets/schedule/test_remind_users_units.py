"""snippets/schedule/remind-users.service and remind-users.timer: the systemd unit pair.

The units parse (configparser reads their ``[Section]`` and ``Key=value`` lines), carry the
production values the page explains, and pass ``systemd-analyze verify`` where that tool is
installed, once the two paths the page tells the reader to change point at this checkout.
Their ``ExecStart=`` line runs in their ``WorkingDirectory=``, as systemd would start it.
"""

import shlex
import sys

from tests.helpers import systemd_units
from tests.helpers.systemd_units import read_unit, with_this_checkouts_paths
from tests.test_snippets.ladder import workers
from tests.test_snippets.schedule import scheduled

SERVICE = scheduled.SCHEDULE_DIR / "remind-users.service"
TIMER = scheduled.SCHEDULE_DIR / "remind-users.timer"


def test_the_service_runs_the_command_once_as_the_projects_user():
    service = read_unit(SERVICE)["Service"]
    assert dict(service) == {
        "Type": "oneshot",
        "User": "signup",
        "Group": "signup",
        "WorkingDirectory": scheduled.SHOWN_PROJECT,
        "EnvironmentFile": "/etc/signup/environment",
        "ExecStart": f"{scheduled.SHOWN_VENV}/bin/python manage.py remind_users",
        "TimeoutStartSec": "30min",
    }
    assert read_unit(SERVICE)["Unit"]["After"] == "network-online.target"


def test_the_timer_starts_it_every_night_and_catches_up_after_downtime():
    timer = read_unit(TIMER)
    assert dict(timer["Timer"]) == {
        "OnCalendar": "*-*-* 03:15:00",
        "Persistent": "true",
    }
    assert timer["Install"]["WantedBy"] == "timers.target"
    # A timer starts the service of its own name unless Unit= says otherwise.
    assert TIMER.stem == SERVICE.stem and "Unit" not in timer["Timer"]


def test_systemd_analyze_verify_finds_nothing_to_report(tmp_path):
    units = [SERVICE, TIMER]
    assert systemd_units.verify(units, scheduled.SNIPPETS_DIR, tmp_path) == (0, "")


def test_exec_start_in_the_working_directory_runs_the_command(tmp_path):
    project = scheduled.sqlite_project(tmp_path)
    email = workers.address("ada")
    scheduled.add_users(project, [email])
    service = read_unit(SERVICE)["Service"]
    working_directory = with_this_checkouts_paths(
        service["WorkingDirectory"], project.directory
    )
    words = shlex.split(
        with_this_checkouts_paths(service["ExecStart"], project.directory)
    )
    assert working_directory == str(project.directory)  # where project.run runs it
    assert words[0] == f"{sys.prefix}/bin/python"

    output = project.run(words)

    assert "reminders sent: 1, failed: 0" in output
    assert workers.sent(project.outbox, email)
