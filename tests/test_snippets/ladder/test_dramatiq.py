"""snippets/ladder/dramatiq/actors.py: a real `dramatiq` worker runs the welcome email from RabbitMQ."""

import uuid

import pytest

from tools import comparison
from tests.test_snippets.ladder import workers

pytestmark = pytest.mark.rabbitmq


@pytest.fixture
def actors(monkeypatch, tmp_path):
    workers.need_rabbitmq()
    from snippets.ladder.dramatiq import actors

    monkeypatch.setenv("WELCOME_OUTBOX", str(tmp_path / "outbox.txt"))
    actors.broker.flush_all()
    return actors


def dramatiq_worker(tmp_path, log_name="worker.log"):
    command = [str(workers.BIN / "dramatiq"), "snippets.ladder.dramatiq.actors", "--processes", "1", "--threads", "1"]
    return workers.running(command, workers.worker_environment(tmp_path / "outbox.txt"), tmp_path / log_name)


def test_worker_sends_the_welcome_email(actors, tmp_path):
    address = f"ada-{uuid.uuid4().hex[:8]}@example.com"
    actors.send_welcome_email.send(address)
    with dramatiq_worker(tmp_path) as worker:
        workers.wait_until(lambda: workers.sent(tmp_path / "outbox.txt", address), "the email to be sent", worker)


def test_task_that_raises_is_retried_then_dead_lettered(actors, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"bob-{uuid.uuid4().hex[:8]}@example.com"
    actors.send_welcome_email_or_fail.send(address, 10)
    with dramatiq_worker(tmp_path) as worker:
        workers.wait_until(lambda: "Retries exceeded" in worker.log(), "Dramatiq to give up", worker)
        # (ready, delayed, dead-lettered) on RabbitMQ: the message now waits in the dead-letter queue.
        workers.wait_until(lambda: actors.broker.get_queue_message_counts(actors.QUEUE_NAME)[2] == 1,
                           "the message to reach the dead-letter queue", worker)
    assert workers.attempts(outbox, address) == 1 + 2
    assert comparison.outcome("dramatiq", "retries") == "retried"


def test_actor_running_past_its_time_limit_is_interrupted(actors, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"tim-{uuid.uuid4().hex[:8]}@example.com"
    actors.send_welcome_email_within_a_second.send(address)
    with dramatiq_worker(tmp_path) as worker:
        # The task waits for a release that never comes (up to 10 s); the limit ends it first.
        workers.wait_until(lambda: "TimeLimitExceeded" in worker.log(), "the time limit to interrupt the actor", worker)
        workers.wait_until(lambda: actors.broker.get_queue_message_counts(actors.QUEUE_NAME)[2] == 1,
                           "the message to reach the dead-letter queue", worker)
    assert workers.started_count(outbox, address) == 1
    assert not workers.sent(outbox, address)


def test_task_whose_worker_is_killed_is_run_again(actors, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"eve-{uuid.uuid4().hex[:8]}@example.com"
    actors.send_welcome_email_when_released.send(address)
    with dramatiq_worker(tmp_path) as worker:
        workers.kill_task_process(outbox, address)
        # The main process notices its worker process died and shuts down.
        worker.wait_for_exit()
    assert not workers.sent(outbox, address)
    with dramatiq_worker(tmp_path, "second-worker.log") as worker:
        workers.wait_until(lambda: workers.started_count(outbox, address) == 2, "RabbitMQ to re-deliver", worker)
        workers.release(outbox)
        workers.wait_until(lambda: workers.sent(outbox, address), "the email to be sent", worker)
    assert workers.outbox_lines(outbox).count(f"sent {address}") == 1
    assert comparison.outcome("dramatiq", "survives_worker_kill") == "re-run"


def test_message_sent_with_a_delay_runs_after_it(actors, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"dan-{uuid.uuid4().hex[:8]}@example.com"

    def enqueue_later(seconds):
        actors.send_welcome_email.send_with_options(args=(address,), delay=int(seconds * 1000))

    with dramatiq_worker(tmp_path) as worker:
        elapsed = workers.seconds_until_sent(worker, "ready for action", enqueue_later, outbox, address)
    assert elapsed >= workers.DELAY_SECONDS
