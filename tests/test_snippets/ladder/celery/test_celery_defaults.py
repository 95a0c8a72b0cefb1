"""snippets/ladder/celery/: the defaults of Celery and its Redis transport that the page warns about.

Each test runs the project as its reader does (``workers.ExampleProject``), with the overlay
``celery_defaults_settings.py``: a queue of its own on Redis database 14, which no other test
uses, since a short visibility timeout puts back every unacknowledged message of its database.
The first test reads the effective defaults from the installed Celery and Kombu, so that the
page's numbers are checked against the installed versions; the others run the worker command
the page shows and SIGKILL the pool process that runs the task, as ``test_celery.py`` does.
The user's address picks what the test email backend does
(``tests/helpers/journal_email_backend.py``): ``hold-`` waits for ``workers.release()``.
"""

import os
import signal

import pytest

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.celery import celery_project
from tests.test_snippets.ladder.celery.celery_project import PAGE, WORKER

pytestmark = pytest.mark.redis

SETTINGS = "tests.test_snippets.ladder.celery.celery_defaults_settings"
BROKER_URL = "redis://127.0.0.1:6379/14"
HOUR = 60 * 60


@pytest.fixture
def make_project(tmp_path):
    def make(**env: str) -> workers.ExampleProject:
        # The database is this module's alone: drop what a killed worker left there.
        broker_url = celery_project.on_an_empty_database(BROKER_URL)
        return celery_project.make_project(tmp_path, broker_url, SETTINGS, **env)

    return make


READ_THE_DEFAULTS = """
from signup_project.celery import app
from accounts.tasks import send_welcome_email

with app.connection_for_write() as connection:
    print(connection.default_channel.visibility_timeout)
conf = app.conf
print(conf.task_acks_late, conf.task_reject_on_worker_lost, conf.task_retry_on_worker_lost)
task = send_welcome_email
print(task.acks_late, task.reject_on_worker_lost, task.retry_on_worker_lost)
print(task.max_retries, task.default_retry_delay)
"""


def test_installed_celery_has_the_defaults_the_page_gives(make_project):
    project = make_project()
    printed = project.shell(READ_THE_DEFAULTS).splitlines()
    assert printed == [
        str(HOUR),  # Redis's visibility timeout, in seconds
        "False None False",  # early acks; the two worker-lost options off
        "True True False",  # the shown task: late acks, put back when its process dies
        "3 180",  # the shown max_retries; Celery's wait before a retry: 3 minutes
    ]


def kill_run(project, address: str, run: int) -> int:
    """SIGKILL the process of the ``run``-th start of the held task; its pid."""
    workers.wait_until(
        lambda: workers.started_count(project.outbox, address) >= run,
        f"run {run} of {address} to start",
    )
    starts = [
        line
        for line in workers.outbox_lines(project.outbox)
        if line.startswith(f"started {address} ")
    ]
    pid = int(starts[run - 1].rsplit(" ", 1)[1])
    os.kill(pid, signal.SIGKILL)
    return pid


def test_late_ack_task_longer_than_the_visibility_timeout_runs_twice_at_once(
    make_project,
):
    # The visibility timeout cut to one second: the same as an hour-long task on the
    # default hour.
    project = make_project(CELERY_TEST_SHORT_VISIBILITY="1")
    hold = workers.address("hold")
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.sign_up(project, hold)
        workers.wait_until(
            lambda: workers.started_count(project.outbox, hold) >= 2,
            "Redis to give the unacknowledged message out again",
            worker,
        )
        assert not workers.sent(project.outbox, hold), "the first run still holds"
        workers.release(project.outbox)
        workers.wait_until(
            lambda: workers.outbox_lines(project.outbox).count(f"sent {hold}") >= 2,
            "both runs to send",
            worker,
        )


COUNTDOWN = """
from django.contrib.auth.models import User
from accounts.tasks import send_welcome_email

user = User.objects.create_user({username!r}, {email!r})
send_welcome_email.apply_async((user.pk,), countdown={seconds})
"""
COUNTDOWN_SECONDS = 8


def copies_received_before_the_first_run(worker) -> int:
    """How many copies of the welcome task's message the worker took before running one."""
    copies = 0
    for line in worker.log().splitlines():
        if "accounts.tasks.send_welcome_email[" not in line:
            continue
        if " succeeded in " in line:
            break
        copies += line.endswith("] received")
    return copies


def test_countdown_longer_than_the_visibility_timeout_sends_the_task_again_and_again(
    make_project,
):
    project = make_project(CELERY_TEST_SHORT_VISIBILITY="1")
    email = workers.address("dan")
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until(lambda: "ready." in worker.log(), "the worker", worker)
        project.shell(
            COUNTDOWN.format(username="dan", email=email, seconds=COUNTDOWN_SECONDS)
        )
        workers.wait_until(
            lambda: workers.outbox_lines(project.outbox).count(f"sent {email}") >= 3,
            "the copies to run when the countdown ends",
            worker,
        )
    # The worker held the message, unacknowledged, until the countdown ended; each time
    # the visibility timeout passed, Redis put it back and the worker took one more copy.
    assert copies_received_before_the_first_run(worker) >= 3


def test_reject_on_worker_lost_puts_the_task_back_past_max_retries(make_project):
    project = make_project()
    hold = workers.address("hold")
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.sign_up(project, hold)
        # max_retries=3 allows four runs; each killed run is put back all the same.
        for run in range(1, 5):
            kill_run(project, hold, run)
        workers.release(project.outbox)
        workers.wait_until(
            lambda: workers.sent(project.outbox, hold), "a fifth run to send", worker
        )
    assert workers.started_count(project.outbox, hold) == 5
    assert "retry:" not in worker.log(), "a killed run is no retry"


def test_retry_on_worker_lost_counts_killed_runs_against_max_retries(make_project):
    project = make_project(CELERY_TEST_RETRY_ON_WORKER_LOST="1")
    hold = workers.address("hold")
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.sign_up(project, hold)
        for run in range(1, 5):  # the first run and max_retries=3 retries
            kill_run(project, hold, run)
        workers.wait_until(
            lambda: worker.log().count("retry: Retry in 0s: WorkerLostError") == 3,
            "three retries, one for each of the first three killed runs",
            worker,
        )
        workers.release(project.outbox)
        # A task queued afterwards runs: the worker has given up on the killed one.
        workers.send_and_wait(project, worker)
    assert workers.started_count(project.outbox, hold) == 4
    assert not workers.sent(project.outbox, hold)
    # The fourth killed run is a failure, logged as such, and its message acknowledged.
    assert "Task handler raised error: WorkerLostError" in worker.log()
