"""snippets/how_to/safe_to_repeat/celery/: the Celery rung's project, its task guarded by a
``WelcomeEmail`` row.

Each test kills the pool process that runs the task (SIGKILL) at one point of the task. With
``acks_late=True`` and ``reject_on_worker_lost=True``, as the rung's task has them, the worker
puts the message back on the queue, and a new pool process of the same worker runs the task
again. The point is picked by the user's address (``hold-``: the SMTP server has not answered
yet; ``tests/helpers/journal_email_backend.py``) or by the stops of ``holds.py`` (just after
the send, just after the record). The settings are the rung's test settings
(``tests/test_snippets/ladder/celery/celery_settings.py``: one pool process) plus those stops. One
test runs the rung's own project, unguarded, for comparison.
"""

import os
import signal

import pytest
import redis

from tests.test_snippets.how_to.diffs import project_diff, shown_diff
from tests.test_snippets.how_to.safe_to_repeat import guarded
from tests.test_snippets.how_to.variants import differing_files
from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.celery import celery_project
from tests.test_snippets.ladder.celery.celery_project import WORKER

pytestmark = pytest.mark.redis

PAGE = "how-to/make-tasks-safe-to-repeat.md"
PROJECT, RUNG = "how_to/safe_to_repeat/celery", "ladder/celery"
SETTINGS = "tests.test_snippets.how_to.safe_to_repeat.celery_settings"
# A Redis database of this module's own: a killed worker leaves messages and Kombu's
# "unacked" keys behind, which the fixture drops with the whole database.
BROKER_URL = "redis://127.0.0.1:6379/9"


@pytest.fixture
def make_project(tmp_path):
    workers.need_redis()
    broker = redis.Redis.from_url(BROKER_URL)
    broker.flushdb()

    def make(hold: str = "", project: str = PROJECT) -> workers.ExampleProject:
        return celery_project.make_project(
            tmp_path, BROKER_URL, SETTINGS, project, HOLD_WELCOME_EMAIL=hold
        )

    yield make
    broker.flushdb()
    broker.close()


def test_a_process_killed_before_the_smtp_server_answered_sends_once(make_project):
    project = make_project()
    hold = workers.address("hold")  # the SMTP server answers once released
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.sign_up(project, hold)
        workers.kill_task_process(project.outbox, hold)
        workers.wait_until(
            lambda: workers.started_count(project.outbox, hold) == 2,
            "the task to run again",
            worker,
        )
        workers.release(project.outbox)
        workers.wait_until(
            lambda: guarded.records(project) == [hold],
            "the email to be sent and recorded",
            worker,
        )
        worker.stop()
    assert workers.outbox_lines(project.outbox).count(f"sent {hold}") == 1


def test_a_process_killed_after_the_record_is_skipped_on_the_next_run(make_project):
    project = make_project(hold="after-record")
    email = workers.address("ada")
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.sign_up(project, email)
        os.kill(guarded.held_pid(project.outbox, email, "after-record"), signal.SIGKILL)
        workers.wait_until(
            lambda: guarded.SKIPPED in worker.log(), "the next run to skip", worker
        )
        worker.stop()
    assert "WorkerLostError" in worker.log(), "the first run's process died"
    assert workers.outbox_lines(project.outbox).count(f"sent {email}") == 1
    assert guarded.records(project) == [email]


def test_a_process_killed_between_the_send_and_the_record_sends_twice(make_project):
    project = make_project(hold="after-send")
    email = workers.address("ada")
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.sign_up(project, email)
        os.kill(guarded.held_pid(project.outbox, email, "after-send"), signal.SIGKILL)
        workers.wait_until(
            lambda: guarded.records(project) == [email],
            "the next run to send and record",
            worker,
        )
    assert workers.outbox_lines(project.outbox).count(f"sent {email}") == 2


def test_without_the_row_a_process_killed_after_the_send_sends_twice(make_project):
    project = make_project(hold="after-send", project=RUNG)
    email = workers.address("ada")
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.sign_up(project, email)
        os.kill(guarded.held_pid(project.outbox, email, "after-send"), signal.SIGKILL)
        workers.wait_until(
            lambda: workers.outbox_lines(project.outbox).count(f"sent {email}") == 2,
            "a second email",
            worker,
        )


def test_the_page_shows_the_real_diff():
    assert shown_diff("safe_to_repeat/celery_tasks.diff") == project_diff(
        RUNG, PROJECT, "accounts/tasks.py"
    )


def test_the_rest_of_the_project_is_the_rungs():
    assert differing_files(RUNG, PROJECT) == guarded.CHANGED_FILES


def test_the_migration_matches_the_model(make_project):
    project = make_project()
    printed = project.run(guarded.MAKEMIGRATIONS_CHECK)
    assert printed.strip() == guarded.NO_MIGRATION_MISSING
