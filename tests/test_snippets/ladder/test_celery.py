"""snippets/ladder/celery/app.py: a real `celery worker` runs the welcome email, on Redis and on RabbitMQ."""

import uuid

import pytest

from tools import comparison
from tests.test_snippets.ladder import workers

pytestmark = pytest.mark.redis
BROKERS = {"redis": workers.REDIS_URL, "rabbitmq": workers.RABBITMQ_URL}


@pytest.fixture
def celery_app(monkeypatch, tmp_path):
    workers.need_redis()  # the result backend, whichever the broker
    from snippets.ladder.celery import app

    monkeypatch.setenv("WELCOME_OUTBOX", str(tmp_path / "outbox.txt"))
    return app


def send(task, broker_url, *args):
    with task.app.connection_for_write(broker_url) as connection:
        return task.apply_async(args, connection=connection)


@pytest.mark.parametrize("broker", [pytest.param("redis"), pytest.param("rabbitmq", marks=pytest.mark.rabbitmq)])
def test_worker_sends_the_welcome_email(celery_app, tmp_path, broker):
    if broker == "rabbitmq":
        workers.need_rabbitmq()
    address = f"ada-{uuid.uuid4().hex[:8]}@example.com"
    with workers.celery_worker(celery_app.app, BROKERS[broker], tmp_path):
        result = send(celery_app.send_welcome_email, BROKERS[broker], address)
        assert result.get(timeout=workers.WAIT_SECONDS) == address
    assert workers.sent(tmp_path / "outbox.txt", address)


def test_task_that_raises_is_retried_then_recorded_as_failed(celery_app, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"bob-{uuid.uuid4().hex[:8]}@example.com"
    with workers.celery_worker(celery_app.app, workers.REDIS_URL, tmp_path) as worker:
        result = celery_app.send_welcome_email_or_fail.delay(address, 10)
        workers.wait_until(lambda: result.state == "FAILURE", "the task to fail for good", worker)
    assert workers.attempts(outbox, address) == 1 + 2
    assert comparison.outcome("celery", "retries") == "retried"


def test_default_task_whose_process_is_killed_is_lost(celery_app, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"eve-{uuid.uuid4().hex[:8]}@example.com"
    with workers.celery_worker(celery_app.app, workers.REDIS_URL, tmp_path) as worker:
        result = celery_app.send_welcome_email_when_released.delay(address)
        workers.wait_until(lambda: workers.started_count(outbox, address) == 1, "the task to start", worker)
        active = celery_app.app.control.inspect(timeout=0.5).active()
        assert [task["id"] for tasks in active.values() for task in tasks] == [result.id], "Celery lists the running task"
        workers.kill_task_process(outbox, address)
        workers.wait_until(lambda: result.state == "FAILURE", "the task to be marked failed", worker)
        workers.release(outbox)
        # A task sent afterwards runs; the killed one is not run again before it.
        later = celery_app.send_welcome_email.delay(f"next-{address}")
        later.get(timeout=workers.WAIT_SECONDS)
    assert "WorkerLostError" in repr(result.result)
    assert workers.started_count(outbox, address) == 1
    assert not workers.sent(outbox, address)
    assert comparison.outcome("celery", "survives_worker_kill", "default") == "lost"


def test_late_ack_task_whose_process_is_killed_is_run_again(celery_app, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"eve-{uuid.uuid4().hex[:8]}@example.com"
    with workers.celery_worker(celery_app.app, workers.REDIS_URL, tmp_path) as worker:
        result = celery_app.send_welcome_email_safely.delay(address)
        workers.kill_task_process(outbox, address)
        workers.wait_until(lambda: workers.started_count(outbox, address) == 2, "the task to start again", worker)
        workers.release(outbox)
        assert result.get(timeout=workers.WAIT_SECONDS) == address
    assert workers.outbox_lines(outbox).count(f"sent {address}") == 1
    assert comparison.outcome("celery", "survives_worker_kill", "acks_late") == "re-run"


def test_task_sent_with_a_countdown_runs_after_it(celery_app, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"dan-{uuid.uuid4().hex[:8]}@example.com"

    def enqueue_later(seconds):
        celery_app.send_welcome_email.apply_async((address,), countdown=seconds)

    with workers.celery_worker(celery_app.app, workers.REDIS_URL, tmp_path) as worker:
        elapsed = workers.seconds_until_sent(worker, "ready.", enqueue_later, outbox, address)
    assert elapsed >= workers.DELAY_SECONDS


def test_beat_sends_the_scheduled_task_again_and_again(celery_app, tmp_path):
    from snippets.ladder.celery import beat

    outbox = tmp_path / "outbox.txt"
    assert beat.app is celery_app.app
    # -B runs beat inside the worker, which suits a test; in production beat is its own process.
    beat_options = ["-B", "--schedule", str(tmp_path / "beat-schedule")]
    with workers.celery_worker(beat.app, workers.REDIS_URL, tmp_path, *beat_options,
                               app_module="snippets.ladder.celery.beat") as worker:
        workers.wait_until(lambda: workers.outbox_lines(outbox).count("sent digest@example.com") >= 2,
                           "a second run of the scheduled task", worker)
