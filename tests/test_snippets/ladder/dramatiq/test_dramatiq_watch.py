"""snippets/ladder/dramatiq/accounts/management/commands/queue_status.py, run against real
RabbitMQ queues: `python manage.py queue_status` counts the messages waiting, delayed and
dead-lettered, and the consumers (docs/how-to/watch-the-queue.md).

The project runs as its reader runs it (``workers.ExampleProject``), on the Dramatiq rung's
queue, ``default``, emptied before and after. The worker command the Dramatiq page shows fails
two messages of ``down-`` addresses, with per-message options: one without retries, which is
dead-lettered, and one with a retry ten minutes or more away, which the worker holds. While it
runs a held task, RabbitMQ counts nothing waiting: the worker has taken it, and the delayed
retry too. Once the worker is stopped (SIGTERM), the retry is back in the delay queue; three
sign-ups then wait.
"""

import signal

import pytest

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.dramatiq import dramatiq_project
from tests.test_snippets.ladder.dramatiq.dramatiq_project import READY, WORKER

pytestmark = pytest.mark.rabbitmq

PAGE = "how-to/watch-the-queue.md"
STATUS = "python manage.py queue_status"

# Per-message options, read before the actor's: no retry, and one retry at least ten
# minutes away (the shown actor's first wait is 15 to 30 seconds).
FAIL_TWO = """
from django.contrib.auth.models import User
from accounts.tasks import send_welcome_email
for_good = User.objects.create_user("dora", {for_good!r})
send_welcome_email.send_with_options(args=(for_good.pk,), max_retries=0)
later = User.objects.create_user("dave", {later!r})
send_welcome_email.send_with_options(args=(later.pk,), max_retries=1, min_backoff=600_000)
"""
SIGN_UP_THREE = """
from django.test import Client
for name in ("ann", "bea", "cat"):
    response = Client().post("/signup/", {"username": name, "email": f"{name}@example.com"})
    assert response.status_code == 201, response.content
"""


def status(project) -> dict[str, str]:
    """What ``queue_status`` printed, line by line, as ``{label: value}``."""
    printed = project.run(workers.shown_command(PAGE, STATUS))
    return dict(line.split(": ", 1) for line in printed.strip().splitlines())


def test_queue_status_counts_what_rabbitmq_holds_and_not_what_workers_took(
    tmp_path, broker
):
    project = dramatiq_project.make_project(tmp_path)
    idle = {"waiting": "0", "consumers": "0", "delayed": "0", "dead-lettered": "0"}
    assert status(project) == idle

    for_good, later, hold = (workers.address(kind) for kind in ("down", "down", "hold"))
    with project.start(WORKER) as worker:
        workers.wait_until(lambda: READY in worker.log(), "the worker", worker)
        project.shell(FAIL_TWO.format(for_good=for_good, later=later))
        workers.sign_up(project, hold)
        workers.wait_until(
            lambda: workers.started_count(project.outbox, hold) == 1, "hold", worker
        )
        # The held task runs, the retry waits in the worker's memory: RabbitMQ has
        # handed both out, and counts only the dead letter.
        busy = {"waiting": "0", "consumers": "2", "delayed": "0", "dead-lettered": "1"}
        workers.wait_until(lambda: status(project) == busy, "those counts", worker)
        assert workers.attempts(project.outbox, for_good) == 1
        assert workers.attempts(project.outbox, later) == 1
        workers.release(project.outbox)
        workers.wait_until(lambda: workers.sent(project.outbox, hold), "hold", worker)
        worker.process.send_signal(signal.SIGTERM)
        assert worker.wait_for_exit() == 0, worker.log()

    project.shell(SIGN_UP_THREE)
    assert status(project) == {
        "waiting": "3",
        "consumers": "0",
        "delayed": "1",
        "dead-lettered": "1",
    }
