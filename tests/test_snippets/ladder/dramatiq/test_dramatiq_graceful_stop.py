"""snippets/ladder/dramatiq/: a deploy stops `python manage.py rundramatiq` while a task runs.

The project runs as its reader runs it (``workers.ExampleProject``), with the worker command the
page shows, on RabbitMQ; a ``hold-`` address keeps the task in the middle of its email until
``workers.release()`` (``tests/helpers/journal_email_backend.py``). ``graceful_stop`` stops the
worker as a deploy does: SIGTERM to the main process (which passes it on to its worker
processes), then SIGKILL to all of them once the grace period is over.

Shown elsewhere, and cited beside this module in ``docs/decide/options.yml``: SIGTERM lets the
running task finish (``test_dramatiq.py``).
"""

import signal

import pytest

from tests.test_snippets.ladder import graceful_stop, workers
from tests.test_snippets.ladder.dramatiq.dramatiq_project import PAGE, QUEUE, WORKER

pytestmark = pytest.mark.rabbitmq

# What each worker process logs when it takes the first SIGTERM, and the second.
STOPPING = "Stopping worker process"
KILLING = "Killing worker process"


def run_again_by_the_next_worker(project, broker, email: str) -> None:
    """RabbitMQ gave the unacknowledged message back: the next worker runs it once more."""
    with project.start(
        workers.shown_command(PAGE, WORKER), log_name="second-worker.log"
    ) as worker:
        workers.wait_until(
            lambda: workers.sent(project.outbox, email), f"{email} to be sent", worker
        )
        workers.wait_until(
            lambda: broker.get_queue_message_counts(QUEUE) == (0, 0, 0),
            "the message to be acknowledged",
            worker,
        )
    # Twice at least: when the process running it dies, RabbitMQ may hand the message to
    # the stopping worker's other process, which starts it again before it is killed too.
    assert workers.started_count(project.outbox, email) >= 2
    assert workers.outbox_lines(project.outbox).count(f"sent {email}") == 1


@pytest.mark.shows(
    "dramatiq", "survives_graceful_stop", outcome="re-run", variant="past_grace"
)
def test_task_still_running_when_the_grace_period_ends_is_run_again(project, broker):
    hold = workers.address("hold")
    workers.sign_up(project, hold)
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until_started(project, hold, worker)
        stopped = graceful_stop.stop_like_a_deploy(worker, acknowledged=STOPPING)
    assert stopped.killed, "the worker waited for its task until the SIGKILL"
    workers.release(project.outbox)
    run_again_by_the_next_worker(project, broker, hold)


def test_second_sigterm_ends_the_worker_and_the_task_is_run_again(project, broker):
    hold = workers.address("hold")
    workers.sign_up(project, hold)
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until_started(project, hold, worker)
        stopped = graceful_stop.stop_like_a_deploy(
            worker,
            grace=workers.WAIT_SECONDS,
            acknowledged=STOPPING,
            then=lambda: worker.process.send_signal(signal.SIGTERM),
        )
        assert not stopped.killed, "the worker ended itself"
        assert KILLING in worker.log()
    workers.release(project.outbox)
    assert not workers.sent(project.outbox, hold)
    run_again_by_the_next_worker(project, broker, hold)
