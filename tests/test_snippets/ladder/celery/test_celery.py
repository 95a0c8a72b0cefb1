"""snippets/ladder/celery/: the sign-up project whose `celery -A signup_project worker` sends the email.

Each test runs the project as its reader does (``workers.ExampleProject``), with the test
settings of ``celery_settings.py`` (a queue of the tests' own, one pool process, no wait
between retries, the report due every second; see there). The
view queues ``accounts.tasks.send_welcome_email``, the worker command the page shows runs it,
and the test reads the outcome from the email journal and the worker's log: the project keeps
no result backend. The user's address picks what the test email backend does
(``tests/helpers/journal_email_backend.py``): ``down-`` fails, ``hold-`` waits for
``workers.release()``.
"""

import time

import pytest

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.celery import celery_project
from tests.test_snippets.ladder.celery.celery_project import PAGE, QUEUE, WORKER

pytestmark = pytest.mark.redis

BEAT = "celery -A signup_project beat --loglevel INFO"
INSPECT = "celery -A signup_project inspect active"


def waiting_messages() -> int:
    """How many messages wait in the tests' queue on Redis (Kombu keeps them in a list)."""
    import redis

    return redis.Redis.from_url(workers.REDIS_URL).llen(QUEUE)


@pytest.fixture
def make_project(tmp_path):
    def make(broker: str = "redis", **env: str) -> workers.ExampleProject:
        broker_url = celery_project.on_the_tests_queue(broker)
        return celery_project.make_project(tmp_path, broker_url, **env)

    return make


@pytest.fixture
def project(make_project):
    return make_project()


@pytest.mark.parametrize(
    "broker", ["redis", pytest.param("rabbitmq", marks=pytest.mark.rabbitmq)]
)
def test_worker_sends_the_welcome_email_the_view_queued(make_project, broker):
    project = make_project(broker)
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        email = workers.send_and_wait(project, worker)
        workers.wait_until(
            lambda: "succeeded in" in worker.log(), "the success in the log", worker
        )
    assert "results:     disabled://" in worker.log(), "no result backend"
    assert "accounts.tasks.send_welcome_email" in worker.log(), (
        "autodiscover_tasks() found accounts/tasks.py"
    )
    assert workers.outbox_lines(project.outbox) == [f"sent {email}"]


def test_signup_without_an_email_answers_400_and_queues_nothing(project):
    status, body = project.post("/signup/", {"username": "ada"})
    assert (status, body) == (400, {"error": "send a username and an email"})
    assert waiting_messages() == 0


DELAY_ON_COMMIT = """
import redis
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from accounts.tasks import send_welcome_email

broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
def waiting_messages():
    return broker.llen(settings.CELERY_TASK_DEFAULT_QUEUE)

with transaction.atomic():
    user = User.objects.create_user("carol", "carol@example.com")
    send_welcome_email.delay_on_commit(user.pk)
    print("inside the transaction:", waiting_messages())
print("after the commit:", waiting_messages())
try:
    with transaction.atomic():
        user = User.objects.create_user("eve", "eve@example.com")
        send_welcome_email.delay_on_commit(user.pk)
        raise RuntimeError("the view failed after queueing")
except RuntimeError:
    pass
print("after a rollback:", waiting_messages(), User.objects.count())
"""


def test_delay_on_commit_sends_nothing_before_the_commit_nor_after_a_rollback(project):
    printed = project.shell(DELAY_ON_COMMIT).splitlines()
    assert printed == [
        "inside the transaction: 0",
        "after the commit: 1",
        "after a rollback: 1 1",
    ]


@pytest.mark.shows("celery", "retries", outcome="retried")
def test_task_that_raises_is_retried_then_fails_for_good(project):
    down = workers.address(
        "down"
    )  # the email backend raises SMTPServerDisconnected for it
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.sign_up(project, down)
        workers.wait_until(
            lambda: "raised unexpected: SMTPServerDisconnected" in worker.log(),
            "the task to fail for good",
            worker,
        )
        # A later task goes through: the worker does not come back to the failed one.
        workers.send_and_wait(project, worker)
    # max_retries=3: the first run and three retries (at once: see celery_settings.py).
    assert workers.attempts(project.outbox, down) == 1 + 3
    assert worker.log().count("retry: Retry in") == 3


@pytest.mark.shows("celery", "survives_worker_kill", outcome="lost", variant="default")
def test_default_task_whose_process_is_killed_is_lost(make_project):
    # The welcome task without acks_late and reject_on_worker_lost (celery_settings.py).
    project = make_project(CELERY_TEST_DEFAULT_ACKS="1")
    hold = workers.address(
        "hold"
    )  # the email backend waits for workers.release() for it
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.sign_up(project, hold)
        killed = workers.kill_task_process(project.outbox, hold)
        assert killed != worker.process.pid, "a pool process runs the task"
        workers.wait_until(
            lambda: "WorkerLostError" in worker.log(),
            "the lost process reported",
            worker,
        )
        workers.release(project.outbox)
        # A task queued afterwards runs; the killed one is not run again.
        workers.send_and_wait(project, worker)
    assert workers.started_count(project.outbox, hold) == 1
    assert not workers.sent(project.outbox, hold)


@pytest.mark.shows(
    "celery", "survives_worker_kill", outcome="re-run", variant="acks_late"
)
def test_late_ack_task_whose_process_is_killed_is_run_again(project):
    hold = workers.address("hold")
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.sign_up(project, hold)
        workers.kill_task_process(project.outbox, hold)
        workers.wait_until(
            lambda: workers.started_count(project.outbox, hold) == 2,
            "the task to start again",
            worker,
        )
        active = project.run(workers.shown_command(PAGE, INSPECT))
        assert "'name': 'accounts.tasks.send_welcome_email'" in active, (
            "the worker lists the task it runs again"
        )
        workers.release(project.outbox)
        workers.wait_until(
            lambda: workers.sent(project.outbox, hold), "the email to be sent", worker
        )
    assert workers.outbox_lines(project.outbox).count(f"sent {hold}") == 1


SEND_LATER = """
import time
from django.contrib.auth.models import User
from accounts.tasks import send_welcome_email

user = User.objects.create_user({username!r}, {email!r})
print(time.time())
send_welcome_email.apply_async((user.pk,), countdown={seconds})
"""
COUNTDOWN_SECONDS = 1.5


def test_task_sent_with_a_countdown_runs_after_it(project):
    email = workers.address("dan")
    later = SEND_LATER.format(username="dan", email=email, seconds=COUNTDOWN_SECONDS)
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        sent_at = float(project.shell(later).strip().splitlines()[-1])
        workers.wait_until(
            lambda: workers.sent(project.outbox, email), "the email to be sent", worker
        )
        # Seen after it was sent, on the same clock as sent_at (a file's mtime may keep
        # whole seconds only).
        seen_at = time.time()
    assert seen_at - sent_at >= COUNTDOWN_SECONDS


READ_THE_SCHEDULE = """
from django.conf import settings
from signup_project.celery import app
# The project's own settings (celery_settings.py imports them, then changes the schedule).
from signup_project.settings import CELERY_BEAT_SCHEDULE

print(CELERY_BEAT_SCHEDULE["daily-signup-report"]["schedule"], app.timezone)
# Addresses alone on Django 6.x; (name, address) pairs on 5.2.
print([admin if isinstance(admin, str) else admin[1] for admin in settings.ADMINS])
"""


def test_beat_sends_the_scheduled_report_again_and_again(project):
    def reports():
        return workers.outbox_lines(project.outbox).count("sent ops@example.com")

    with (
        project.start(workers.shown_command(PAGE, WORKER)) as worker,
        project.start(workers.shown_command(PAGE, BEAT), log_name="beat.log") as beat,
    ):
        printed = project.shell(READ_THE_SCHEDULE).splitlines()
        # The test settings run the shown entry every second (celery_settings.py).
        workers.wait_until(lambda: reports() >= 2, "a second report", beat)
        assert worker.is_alive()
        worker.stop()
    assert printed == ["<crontab: 0 7 * * * (m/h/dM/MY/d)> UTC", "['ops@example.com']"]
    due = "Sending due task daily-signup-report (reports.tasks.send_signup_report)"
    assert due in beat.log()
    assert list(project.data_dir.glob("celerybeat-schedule*")), "in the test's folder"
    assert not list(project.directory.glob("celerybeat-schedule*"))
