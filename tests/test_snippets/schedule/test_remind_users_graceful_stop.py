"""snippets/django_project/reminders/: a deploy, or ``systemctl stop``, stops ``remind_users`` mid-run.

The command runs as cron or a systemd timer starts it, in the example project's folder
(``scheduled.py``); a ``hold-`` address keeps its first reminder in the middle of its email until
``workers.release()``. ``graceful_stop`` stops it as systemd and container runtimes do: SIGTERM,
then SIGKILL once the grace period is over. The command turns SIGTERM into a normal exit, so the
grace period never runs out: ``test_remind_users.py`` shows that this exit frees the run's lock
and that the next run sends what the stopped run had not recorded.
"""

import signal

import pytest

from tests.test_snippets.ladder import graceful_stop, workers
from tests.test_snippets.schedule import scheduled
from tests.test_snippets.schedule.scheduled import add_users, sent_count, state


@pytest.fixture
def project(tmp_path):
    project = scheduled.sqlite_project(tmp_path)
    yield project
    workers.release(project.outbox)  # no run outlives its test waiting


@pytest.mark.shows("cron", "survives_graceful_stop", outcome="re-run")
def test_stopped_mid_email_the_run_exits_before_the_grace_period_and_the_next_run_sends_it(
    project,
):
    held, later = workers.address("hold"), workers.address("ada")
    add_users(project, [held, later])
    command = scheduled.shown_command()
    with project.start(command, "stopped.log") as run:
        workers.wait_until(
            lambda: workers.started_count(project.outbox, held) == 1,
            f"{held} to start",
            run,
        )
        # A grace period as long as the tests wait for anything: the run needs none.
        stopped = graceful_stop.stop_like_a_deploy(run, grace=workers.WAIT_SECONDS)
    assert (stopped.killed, stopped.exit_code) == (False, 128 + signal.SIGTERM)
    # A moment, even on a busy machine: far inside the shortest default grace period,
    # Docker's 10 s.
    assert stopped.seconds < 5
    # The interrupted email was never recorded as sent, and the lock is free.
    assert state(project) == {"reminded": [], "locks": {}}
    assert sent_count(project.outbox, held) == 0

    workers.release(project.outbox)
    assert "reminders sent: 2, failed: 0" in project.run(command)
    assert workers.started_count(project.outbox, held) == 2
    assert [sent_count(project.outbox, email) for email in (held, later)] == [1, 1]
