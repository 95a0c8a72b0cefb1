"""snippets/ladder/celery/accounts/management/commands/queue_status.py and Celery's own
``inspect`` and ``events``, run against a real broker and worker (docs/how-to/watch-the-queue.md).

The project runs as its reader runs it (``workers.ExampleProject``), with the Celery rung's test
settings (``celery_settings.py``: the tests' own queue, one pool process, retries at once) and
its Redis database, or RabbitMQ. The queue is emptied before and after each test.

* With no worker, ``queue_status`` counts the sign-ups waiting in the broker, on Redis and on
  RabbitMQ, and ``inspect`` gets no answer.
* With the worker command the Celery page shows running a held task (a ``hold-`` address), the
  worker has taken the next three messages ahead (``inspect reserved``) and the broker counts
  only the rest. Once events are turned on (``control enable_events``), ``events --dump`` shows
  the failure of a task whose SMTP server keeps hanging up (a ``down-`` address), and not that
  of one that failed before the dump started.
"""

import subprocess

import pytest

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.celery import celery_project
from tests.test_snippets.ladder.celery.celery_project import WORKER

pytestmark = pytest.mark.redis

PAGE = "how-to/watch-the-queue.md"
STATUS = "python manage.py queue_status"
RESERVED = "celery -A signup_project inspect reserved"
ACTIVE = "celery -A signup_project inspect active"
ENABLE_EVENTS = "celery -A signup_project control enable_events"
DUMP_EVENTS = "celery -A signup_project events --dump"
TASK = "'name': 'accounts.tasks.send_welcome_email'"

SIGN_UP = """
from django.test import Client
for name in {names!r}:
    response = Client().post("/signup/", {{"username": name, "email": f"{{name}}@example.com"}})
    assert response.status_code == 201, response.content
"""


@pytest.fixture
def make_project(tmp_path):
    used = []

    def make(broker: str = "redis") -> workers.ExampleProject:
        broker_url = celery_project.on_the_tests_queue(broker)
        used.append(broker_url)
        return celery_project.make_project(tmp_path, broker_url)

    yield make
    for broker_url in used:
        celery_project.empty_the_queue(broker_url)


def waiting(project) -> int:
    printed = project.run(workers.shown_command(PAGE, STATUS)).strip()
    label, count = printed.split(": ")
    assert label == "waiting"
    return int(count)


@pytest.mark.parametrize(
    "broker", ["redis", pytest.param("rabbitmq", marks=pytest.mark.rabbitmq)]
)
def test_queue_status_counts_what_waits_in_the_broker(make_project, broker):
    project = make_project(broker)
    assert waiting(project) == 0
    project.shell(SIGN_UP.format(names=("ann", "bea", "cat")))
    assert waiting(project) == 3


def test_inspect_gets_no_answer_without_a_worker(make_project):
    project = make_project()
    done = subprocess.run(
        project.command(workers.shown_command(PAGE, RESERVED)),
        cwd=project.directory,
        env=project.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "No nodes replied within time constraint" in done.stdout + done.stderr


def sign_up(project, email: str) -> int:
    """Sign a user up through the view; the new user's id."""
    username = email.partition("@")[0]
    status, body = project.post("/signup/", {"username": username, "email": email})
    assert status == 201, body
    return body["id"]


def test_worker_takes_messages_ahead_and_events_show_a_failure(make_project):
    project = make_project()
    hold = workers.address("hold")
    with project.start(WORKER) as worker:
        sign_up(project, hold)
        workers.wait_until(
            lambda: workers.started_count(project.outbox, hold) == 1, "hold", worker
        )
        project.shell(SIGN_UP.format(names=("ann", "bea", "cat", "dan", "eve")))
        # One pool process holds four messages: the running task (acks_late) and
        # three more. The broker counts the two left.
        workers.wait_until(lambda: waiting(project) == 2, "two left waiting", worker)
        active = project.run(workers.shown_command(PAGE, ACTIVE))
        assert active.count(TASK) == 1
        assert "'time_start': None" not in active, "a running task has its start"
        reserved = project.run(workers.shown_command(PAGE, RESERVED))
        assert reserved.count(TASK) == 3
        assert reserved.count("'time_start': None") == 3, "taken, not started"

        project.run(workers.shown_command(PAGE, ENABLE_EVENTS))
        workers.release(project.outbox)
        # A task that fails while nothing listens to the events...
        unheard = sign_up(project, workers.address("down"))
        workers.wait_until(
            lambda: "raised unexpected" in worker.log(), "the first failure", worker
        )
        with project.start(
            workers.shown_command(PAGE, DUMP_EVENTS), "events.log"
        ) as dump:
            workers.wait_until(
                lambda: "heartbeat" in dump.log(), "the first event", dump
            )
            # ...and one that fails while the dump runs.
            heard = sign_up(project, workers.address("down"))
            workers.wait_until(
                lambda: "task failed" in dump.log(), "the failure's event", dump
            )
    assert waiting(project) == 0
    assert workers.sent(project.outbox, hold)
    [failed] = [line for line in dump.log().splitlines() if "task failed" in line]
    assert "accounts.tasks.send_welcome_email(" in failed
    assert f"args=({heard},)" in failed
    assert "exception=SMTPServerDisconnected('attempt 4: the SMTP server hung up')" in (
        failed
    )
    assert f"args=({unheard},)" not in dump.log(), "sent before the dump listened"
