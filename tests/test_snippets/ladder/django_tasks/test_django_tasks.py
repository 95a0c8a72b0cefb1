"""snippets/ladder/django_tasks/: the sign-up project whose `python manage.py db_worker` sends the email.

Each test runs the project as its reader does (``workers.ExampleProject``): the shown view
enqueues ``accounts.tasks.send_welcome_email``, the worker command the page shows runs it, and
the test reads the task's row back through ``manage.py shell``. The user's address picks what
the test email backend does (``tests/helpers/journal_email_backend.py``).
"""

import os
import signal

import pytest

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.django_tasks import django_tasks_project
from tests.test_snippets.ladder.django_tasks.django_tasks_project import (
    PAGE,
    WORKER,
    tasks,
)


def wait_for_status(project, email: str, status: str, worker) -> dict:
    workers.wait_until(
        lambda: tasks(project)[email]["status"] == status,
        f"{email}'s task {status}",
        worker,
    )
    return tasks(project)[email]


def test_settings_pass_djangos_checks_with_the_database_backend(project):
    # django-tasks-db's backend adds a check that fails when its app is not installed.
    assert "System check identified no issues" in project.run("python manage.py check")
    shown = project.shell("from django.conf import settings; print(settings.TASKS)")
    assert (
        shown.strip() == "{'default': {'BACKEND': 'django_tasks_db.DatabaseBackend'}}"
    )


def test_signup_leaves_a_ready_task_until_db_worker_sends_the_email(project):
    email = workers.address("ada")
    workers.sign_up(project, email)
    assert tasks(project)[email]["status"] == "READY"
    assert not workers.sent(project.outbox, email), "the view only enqueued the email"
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until(
            lambda: workers.sent(project.outbox, email), "the email to be sent", worker
        )
        task = wait_for_status(project, email, "SUCCESSFUL", worker)
    assert task["attempts"] == 1
    assert task["return_value"] is None, "send_welcome_email returns nothing"


def test_signup_without_an_email_answers_400_and_enqueues_nothing(project):
    status, body = project.post("/signup/", {"username": "ada"})
    assert (status, body) == (400, {"error": "send a username and an email"})
    assert tasks(project) == {}


@pytest.mark.shows("django_tasks", "retries", outcome="not retried")
def test_task_that_raises_is_recorded_as_failed_not_retried(project):
    down = workers.address(
        "down"
    )  # the email backend raises SMTPServerDisconnected for it
    workers.sign_up(project, down)
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until(
            lambda: workers.attempts(project.outbox, down) == 1, "the attempt", worker
        )
        task = wait_for_status(project, down, "FAILED", worker)
        # A later task goes through the same worker: it did not come back to the failed one.
        workers.send_and_wait(project, worker)
    assert task["errors"] == ["smtplib.SMTPServerDisconnected"]
    assert workers.attempts(project.outbox, down) == 1
    assert tasks(project)[down]["status"] == "FAILED"


@pytest.mark.shows("django_tasks", "survives_worker_kill", outcome="lost")
def test_task_whose_worker_is_killed_stays_running_and_is_lost(project):
    hold = workers.address(
        "hold"
    )  # the email backend waits for workers.release() for it
    workers.sign_up(project, hold)
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until_started(project, hold, worker)
        assert tasks(project)[hold]["status"] == "RUNNING", (
            "the row shows the running task"
        )
        assert workers.kill_task_process(project.outbox, hold) == worker.process.pid, (
            "db_worker runs tasks itself"
        )
        assert worker.wait_for_exit() == -signal.SIGKILL
    workers.release(project.outbox)
    django_tasks_project.assert_left_running_and_never_run_again(project, hold)


@pytest.mark.shows(
    "django_tasks", "survives_graceful_stop", outcome="finished", variant="sigterm"
)
def test_sigterm_lets_the_running_task_finish_then_the_worker_exits(project):
    hold = workers.address("hold")
    workers.sign_up(project, hold)
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until_started(project, hold, worker)
        os.kill(worker.process.pid, signal.SIGTERM)
        workers.wait_until(
            lambda: "shutting down gracefully" in worker.log(),
            "the worker to take SIGTERM",
            worker,
        )
        assert worker.is_alive(), "the worker waits for its task"
        workers.release(project.outbox)
        assert worker.wait_for_exit() == 0, worker.log()
    assert workers.sent(project.outbox, hold)
    assert tasks(project)[hold]["status"] == "SUCCESSFUL"


ENQUEUE_LATER = """
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from accounts.tasks import send_welcome_email

user = User.objects.create_user({username!r}, {email!r})
later = timezone.now() + timedelta(seconds={seconds})
send_welcome_email.using(run_after=later).enqueue(user.pk)
"""


def test_task_enqueued_with_run_after_waits_until_then(project):
    email = workers.address("dan")
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        project.shell(ENQUEUE_LATER.format(username="dan", email=email, seconds=1.5))
        workers.wait_until(
            lambda: workers.sent(project.outbox, email), "the email to be sent", worker
        )
        task = wait_for_status(project, email, "SUCCESSFUL", worker)
    assert task["started_at"] >= task["run_after"], (
        "the worker left the row alone until run_after"
    )


ENQUEUE_THEN_ROLL_BACK = """
from django.contrib.auth.models import User
from django.db import transaction
from django_tasks_db.models import DBTaskResult
from accounts.tasks import send_welcome_email

try:
    with transaction.atomic():
        user = User.objects.create_user("eve", "eve@example.com")
        result = send_welcome_email.enqueue(user.pk)
        # Same database, same transaction: this connection sees the row already.
        print("inside:", DBTaskResult.objects.filter(id=result.id).count())
        raise RuntimeError("the view failed after enqueueing")
except RuntimeError:
    pass
print("after the rollback:", DBTaskResult.objects.count(), User.objects.count())
"""


def test_enqueue_inside_a_rolled_back_transaction_leaves_no_task(project):
    printed = project.shell(ENQUEUE_THEN_ROLL_BACK).splitlines()
    assert printed == ["inside: 1", "after the rollback: 0 0"]
