"""snippets/django_project/reminders/: the scheduled command ``remind_users`` and its run lock.

Each test types the command the page shows, in the example project's folder, as cron or a
systemd timer starts it, and reads the email journal and the ``reminders`` tables back. Two
runs at once are two processes meeting in one database, as two servers would; the lock test
runs on SQLite here and on PostgreSQL in the PostgreSQL pass.
"""

import signal
import time

import pytest

from tests.test_snippets.ladder import workers
from tests.test_snippets.schedule import scheduled
from tests.test_snippets.schedule.scheduled import (
    HELD_BY_ANOTHER_RUN,
    add_users,
    sent_count,
    state,
)


@pytest.fixture
def project(tmp_path):
    project = scheduled.sqlite_project(tmp_path)
    yield project
    workers.release(project.outbox)  # no run outlives its test waiting


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def project_on_each_database(request, tmp_path):
    if request.param == "sqlite":
        project = scheduled.sqlite_project(tmp_path)
    else:
        databases = request.getfixturevalue("postgres_databases")
        project = scheduled.postgres_project(tmp_path, databases)
    yield project
    workers.release(project.outbox)


def test_each_due_user_gets_one_reminder_and_the_next_run_sends_none(project):
    due = [workers.address("ada"), workers.address("alan")]
    too_new = workers.address("grace")
    add_users(project, due)
    add_users(project, [too_new], days_ago=0.5)
    logged_in = workers.address("linus")
    add_users(project, [logged_in])
    project.shell(
        "from django.contrib.auth.models import User\n"
        "from django.utils import timezone\n"
        f"User.objects.filter(email={logged_in!r}).update(last_login=timezone.now())\n"
    )
    command = scheduled.shown_command()

    assert "reminders sent: 2, failed: 0" in project.run(command)
    assert "reminders sent: 0, failed: 0" in project.run(command)

    assert [sent_count(project.outbox, email) for email in due] == [1, 1]
    assert not any(sent_count(project.outbox, email) for email in (too_new, logged_in))
    assert state(project) == {"reminded": sorted(due), "locks": {}}


def test_two_runs_started_at_once_one_does_the_work_and_the_other_exits_saying_the_lock_is_held(
    project_on_each_database,
):
    project = project_on_each_database
    held = workers.address("hold")
    add_users(project, [held])
    command = scheduled.shown_command()
    with (
        project.start(command, "first.log") as first,
        project.start(command, "second.log") as second,
    ):
        runs = [first, second]
        workers.wait_until(
            lambda: (
                workers.started_count(project.outbox, held) == 1
                and any(not run.is_alive() for run in runs)
            ),
            "one run to start the reminder and the other to exit",
        )
        loser = next(run for run in runs if not run.is_alive())
        winner = next(run for run in runs if run is not loser)
        assert loser.wait_for_exit() == 0, loser.log()
        assert HELD_BY_ANOTHER_RUN in loser.log()
        assert "this run does nothing" in loser.log()
        assert "reminders sent" not in loser.log()
        assert f"started {held} in process {winner.process.pid}" in (
            workers.outbox_lines(project.outbox)
        )

        workers.release(project.outbox)
        assert winner.wait_for_exit() == 0, winner.log()
        assert "reminders sent: 1, failed: 0" in winner.log()
    assert workers.started_count(project.outbox, held) == 1
    assert sent_count(project.outbox, held) == 1
    assert state(project) == {"reminded": [held], "locks": {}}


@pytest.mark.shows("cron", "survives_worker_kill", outcome="re-run")
def test_a_killed_run_holds_its_lock_until_it_expires_then_the_next_run_sends_the_rest(
    project,
):
    held, *queued = [workers.address(kind) for kind in ("hold", "ada", "alan", "ida")]
    add_users(project, [held, *queued])
    command = scheduled.shown_command()
    # A short expiry, so that the test need not wait the default hour.
    with project.start(f"{command} --lock-expires-after 6", "killed.log") as killed:
        pid = workers.kill_task_process(project.outbox, held)
        assert pid == killed.process.pid
        assert killed.process.wait(timeout=workers.WAIT_SECONDS) == -signal.SIGKILL
    workers.release(project.outbox)
    left = state(project)
    assert left["reminded"] == [] and list(left["locks"]) == ["remind_users"]

    too_soon = project.run(command)
    assert HELD_BY_ANOTHER_RUN in too_soon
    assert not any(sent_count(project.outbox, email) for email in [held, *queued])

    # Wait for the killed run's lock to expire, no longer.
    time.sleep(max(0.0, left["locks"]["remind_users"] - time.time()) + 0.1)
    assert "reminders sent: 4, failed: 0" in project.run(command)
    assert (
        workers.started_count(project.outbox, held) == 2
    )  # the killed one, then again
    assert [sent_count(project.outbox, email) for email in [held, *queued]] == [1] * 4
    assert state(project) == {"reminded": sorted([held, *queued]), "locks": {}}


def test_sigterm_ends_the_run_and_frees_its_lock_so_the_next_run_sends_the_rest(
    project,
):
    held, *queued = [workers.address(kind) for kind in ("hold", "ada", "alan")]
    add_users(project, [held, *queued])
    command = scheduled.shown_command()
    with project.start(command, "stopped.log") as stopped:
        workers.wait_until(
            lambda: workers.started_count(project.outbox, held) == 1,
            f"{held} to start",
            stopped,
        )
        stopped.process.send_signal(signal.SIGTERM)
        assert stopped.wait_for_exit() == 128 + signal.SIGTERM, stopped.log()
    assert state(project) == {"reminded": [], "locks": {}}

    workers.release(project.outbox)
    assert "reminders sent: 3, failed: 0" in project.run(command)
    assert [sent_count(project.outbox, email) for email in [held, *queued]] == [1] * 3


@pytest.mark.shows("cron", "retries", outcome="not retried")
def test_a_failed_reminder_is_not_tried_again_in_the_run_and_the_next_run_tries_again(
    project,
):
    down, fine = workers.address("down"), workers.address("ada")
    add_users(project, [down, fine])
    command = scheduled.shown_command()

    first = scheduled.run_to_the_end(project, command)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "reminders sent: 1, failed: 1" in first.stdout
    assert f"reminder to {down} failed: SMTPServerDisconnected(" in first.stderr
    assert "1 reminders failed; the next run tries again" in first.stderr
    assert workers.attempts(project.outbox, down) == 1
    assert sent_count(project.outbox, fine) == 1

    second = scheduled.run_to_the_end(project, command)
    assert second.returncode == 1, second.stdout + second.stderr
    assert "reminders sent: 0, failed: 1" in second.stdout
    assert workers.attempts(project.outbox, down) == 2
    assert sent_count(project.outbox, fine) == 1
    assert state(project) == {"reminded": [fine], "locks": {}}
