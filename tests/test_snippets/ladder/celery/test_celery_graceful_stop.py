"""snippets/ladder/celery/: a deploy stops `celery -A signup_project worker` while a task runs.

The project runs as its reader runs it (``workers.ExampleProject``), with the worker command the
page shows and the overlay ``celery_graceful_stop_settings.py`` (a queue of its own, Kombu's
sweep for overdue messages every second), on Redis database 13, which no other test uses. The
shown task acknowledges its message late (``acks_late=True``). A ``hold-`` address keeps the
task in the middle of its email until ``workers.release()``
(``tests/helpers/journal_email_backend.py``). ``graceful_stop`` stops the worker as a deploy
does: SIGTERM to the main process, then SIGKILL to it and its pool once the grace period is over.

On Redis, a message a worker took and never acknowledged stays in Kombu's ``unacked`` hash, its
delivery time in ``unacked_index``; a running worker puts it back on its queue once it is older
than the visibility timeout (an hour). The test moves the delivery time back an hour instead
of waiting.
"""

import signal
import time

import pytest
import redis

from tests.test_snippets.ladder import graceful_stop, workers
from tests.test_snippets.ladder.celery import celery_project
from tests.test_snippets.ladder.celery.celery_project import PAGE, WORKER

pytestmark = pytest.mark.redis

SETTINGS = "tests.test_snippets.ladder.celery.celery_graceful_stop_settings"
BROKER_URL = "redis://127.0.0.1:6379/13"
# What the main process prints each time it takes a SIGTERM.
STOPPING = "worker: Warm shutdown (MainProcess)"
READY = " ready."
HOUR = 60 * 60


@pytest.fixture
def broker():
    # The database is this module's alone: drop what a killed worker left there.
    celery_project.on_an_empty_database(BROKER_URL)
    return redis.Redis.from_url(BROKER_URL)


@pytest.fixture
def project(tmp_path, broker):
    project = celery_project.make_project(tmp_path, BROKER_URL, SETTINGS)
    yield project
    workers.release(project.outbox)  # no task outlives its test waiting


@pytest.mark.shows(
    "celery", "survives_graceful_stop", outcome="finished", variant="sigterm"
)
def test_sigterm_lets_the_running_task_finish_and_a_second_sigterm_changes_nothing(
    project,
):
    hold = workers.address("hold")
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.start_holding(project, worker, hold)

        def second_sigterm_then_let_the_task_end():
            worker.process.send_signal(signal.SIGTERM)
            workers.wait_until(
                lambda: worker.log().count(STOPPING) == 2,
                "the worker to take the second SIGTERM",
                worker,
            )
            assert worker.is_alive(), "the worker still waits for its task"
            assert not workers.sent(project.outbox, hold)
            workers.release(project.outbox)

        stopped = graceful_stop.stop_like_a_deploy(
            worker,
            grace=workers.WAIT_SECONDS,
            acknowledged=STOPPING,
            then=second_sigterm_then_let_the_task_end,
        )
    assert (stopped.killed, stopped.exit_code) == (False, 0), worker.log()
    assert workers.outbox_lines(project.outbox).count(f"sent {hold}") == 1
    assert "succeeded in" in worker.log()


@pytest.mark.shows(
    "celery", "survives_graceful_stop", outcome="re-run", variant="past_grace"
)
def test_task_still_running_when_the_grace_period_ends_is_run_again_after_the_visibility_timeout(
    project, broker
):
    hold = workers.address("hold")
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.start_holding(project, worker, hold)
        stopped = graceful_stop.stop_like_a_deploy(worker, acknowledged=STOPPING)
    assert stopped.killed, "the worker waited for its task until the SIGKILL"
    workers.release(project.outbox)
    # Taken, never acknowledged: the message is off the queue, kept aside by Kombu.
    assert broker.hlen("unacked") == 1
    with project.start(
        workers.shown_command(PAGE, WORKER), log_name="second-worker.log"
    ) as worker:
        workers.wait_until(lambda: READY in worker.log(), "the worker", worker)
        workers.send_and_wait(project, worker)
        swept_from = time.monotonic()
        # Two sweeps at least: the message is not an hour old, so it stays aside.
        workers.wait_until(lambda: time.monotonic() - swept_from > 2.5, "two sweeps")
        assert workers.started_count(project.outbox, hold) == 1
        assert broker.hlen("unacked") == 1
        # As if the hour had passed since the dead worker took it.
        [(tag, delivered)] = broker.zrange("unacked_index", 0, -1, withscores=True)
        broker.zadd("unacked_index", {tag: delivered - HOUR})
        workers.wait_until(
            lambda: workers.sent(project.outbox, hold), f"{hold} to be sent", worker
        )
    assert workers.started_count(project.outbox, hold) == 2
    assert workers.outbox_lines(project.outbox).count(f"sent {hold}") == 1
