"""snippets/schedule/crontab: the line runs the command as cron would, and flock keeps runs apart.

The test reads the crontab as cron does: ``NAME=value`` lines set the environment, and the
command part of the entry goes to ``/bin/sh -c`` with cron's own small environment (``PATH``
is ``/usr/bin:/bin``). Only the two values the page tells the reader to change are replaced:
``APP``, the project's folder, by a copy of the example project in the test's folder (the
line writes its lock file and its log beside ``manage.py``), and ``PY``, the virtualenv's
python, by this one's. The settings overlay comes in through the environment, as every
example project's test gets it.
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_snippets.ladder import workers
from tests.test_snippets.schedule import scheduled

CRONTAB = scheduled.SCHEDULE_DIR / "crontab"
ASSIGNMENT = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<value>.*)$")
# The environment variables the test's settings overlay needs.
OVERLAY_VARIABLES = (
    "DJANGO_SETTINGS_MODULE",
    "EXAMPLE_DATA_DIR",
    "DJANGO_SECRET_KEY",
    "PYTHONPATH",
    "PYTHONDONTWRITEBYTECODE",
)
# flock(1): the exit status of `flock -n` when another process holds the lock.
FLOCK_CONFLICT = 1


def read_crontab() -> tuple[dict[str, str], list[tuple[list[str], str]]]:
    """The environment lines, and each entry as its five time fields and its command."""
    assignments, entries = {}, []
    for line in CRONTAB.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if match := ASSIGNMENT.match(line):
            assignments[match["name"]] = match["value"]
            continue
        *when, command = line.split(maxsplit=5)
        entries.append((when, command))
    return assignments, entries


def test_the_crontab_sets_the_two_paths_and_runs_one_entry_every_night():
    assignments, entries = read_crontab()
    assert assignments == {
        "APP": scheduled.SHOWN_PROJECT,
        "PY": f"{scheduled.SHOWN_VENV}/bin/python",
    }
    [(when, command)] = entries
    assert when == ["15", "3", "*", "*", "*"]
    # cron turns % into a newline; the command must not hold one.
    assert "%" not in command


@pytest.fixture
def cron_run(tmp_path):
    """The entry's command and the environment cron gives it, for a copy of the project."""
    project = scheduled.sqlite_project(tmp_path)
    app = scheduled.copy_of_the_project(tmp_path / "signup")
    assignments, [(_, command)] = read_crontab()
    values = {
        "APP": assignments["APP"].replace(scheduled.SHOWN_PROJECT, str(app)),
        "PY": assignments["PY"].replace(scheduled.SHOWN_VENV, sys.prefix),
    }
    env = {
        # What cron sets by itself (crontab(5)).
        "PATH": "/usr/bin:/bin",
        "SHELL": "/bin/sh",
        "HOME": str(tmp_path),
        "LOGNAME": os.environ.get("LOGNAME", "root"),
        **{name: project.env[name] for name in OVERLAY_VARIABLES},
        **values,
    }
    yield project, app, command, env
    workers.release(project.outbox)


def as_cron_runs(command: str, env: dict[str, str], **options):
    return subprocess.run(
        ["/bin/sh", "-c", command],
        env=env,
        cwd="/",
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        **options,
    )


def test_the_crontab_line_runs_the_command_and_logs_what_it_did(cron_run):
    project, app, command, env = cron_run
    email = workers.address("ada")
    scheduled.add_users(project, [email])

    done = as_cron_runs(command, env, timeout=60)

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == done.stderr == "", "everything goes to the log"
    log = (app / "remind.log").read_text()
    assert "reminders sent: 1, failed: 0" in log
    assert workers.sent(project.outbox, email)
    assert (app / "remind.lock").exists()


def test_a_second_run_while_the_first_holds_the_flock_exits_at_once_without_working(
    cron_run,
):
    project, app, command, env = cron_run
    held = workers.address("hold")
    scheduled.add_users(project, [held])
    first = subprocess.Popen(
        ["/bin/sh", "-c", command],
        env=env,
        cwd="/",
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        workers.wait_until(
            lambda: workers.started_count(project.outbox, held) == 1,
            "the first run to start the reminder",
        )
        started = time.monotonic()
        second = as_cron_runs(command, env, timeout=30)
        elapsed = time.monotonic() - started

        assert second.returncode == FLOCK_CONFLICT
        assert elapsed < 1, f"the second run took {elapsed:.2f} s to give up"
        log = Path(app / "remind.log").read_text()
        # Python never started: the database lock's message is not there either.
        assert scheduled.HELD_BY_ANOTHER_RUN not in log
        assert "reminders sent" not in log

        workers.release(project.outbox)
        assert first.wait(timeout=workers.WAIT_SECONDS) == 0
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
    assert (app / "remind.log").read_text().count("reminders sent: 1, failed: 0") == 1
    assert workers.started_count(project.outbox, held) == 1
