"""snippets/ladder/huey/tasks.py: a real `huey_consumer` runs the welcome email from a SQLite file."""

import importlib
import os
import uuid

import pytest
from huey.exceptions import TaskException

from tools import comparison
from tests.test_snippets.ladder import workers


@pytest.fixture(scope="module")
def huey_database(tmp_path_factory):
    database = tmp_path_factory.mktemp("huey") / "huey.sqlite3"
    previous = os.environ.get("HUEY_DATABASE")
    os.environ["HUEY_DATABASE"] = str(database)
    yield database
    if previous is None:
        del os.environ["HUEY_DATABASE"]
    else:
        os.environ["HUEY_DATABASE"] = previous


@pytest.fixture
def tasks(huey_database, monkeypatch, tmp_path):
    module = importlib.import_module("snippets.ladder.huey.tasks")
    monkeypatch.setenv("WELCOME_OUTBOX", str(tmp_path / "outbox.txt"))
    module.huey.flush()
    yield module
    module.huey.storage.close()  # the test process's SQLite connection; the next use reopens it


def huey_consumer(tasks, tmp_path, log_name="consumer.log"):
    command = [
        str(workers.BIN / "huey_consumer"), "snippets.ladder.huey.tasks.huey",
        "--workers", "1", "--delay", "0.01", "--max-delay", "0.05", "--no-periodic", "--disable-health-check",
    ]
    env = workers.worker_environment(tmp_path / "outbox.txt", HUEY_DATABASE=str(tasks.huey.storage.filename))
    return workers.running(command, env, tmp_path / log_name)


def test_consumer_sends_the_welcome_email(tasks, tmp_path):
    address = f"ada-{uuid.uuid4().hex[:8]}@example.com"
    result = tasks.send_welcome_email(address)
    assert not workers.sent(tmp_path / "outbox.txt", address), "calling the task only enqueues it"
    with huey_consumer(tasks, tmp_path):
        assert result.get(blocking=True, timeout=workers.WAIT_SECONDS) == address
    assert workers.sent(tmp_path / "outbox.txt", address)


def test_task_that_raises_is_retried_then_recorded_as_failed(tasks, tmp_path):
    address = f"bob-{uuid.uuid4().hex[:8]}@example.com"
    result = tasks.send_welcome_email_or_fail(address, 10)
    with huey_consumer(tasks, tmp_path), pytest.raises(TaskException, match="attempt 3: the SMTP"):
        result.get(blocking=True, timeout=workers.WAIT_SECONDS)
    assert workers.attempts(tmp_path / "outbox.txt", address) == 1 + 2
    assert comparison.outcome("huey", "retries") == "retried"


def test_task_whose_consumer_is_killed_is_lost(tasks, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"eve-{uuid.uuid4().hex[:8]}@example.com"
    tasks.send_welcome_email_when_released(address)
    with huey_consumer(tasks, tmp_path) as consumer:
        workers.kill_task_process(outbox, address)
        consumer.wait_for_exit()
    workers.release(outbox)
    # Huey took the message off the queue when the task started; nothing is left to run.
    assert tasks.huey.pending_count() == 0
    with huey_consumer(tasks, tmp_path, "second-consumer.log"):
        tasks.send_welcome_email(f"next-{address}").get(blocking=True, timeout=workers.WAIT_SECONDS)
    assert workers.started_count(outbox, address) == 1
    assert not workers.sent(outbox, address)
    assert comparison.outcome("huey", "survives_worker_kill") == "lost"


def test_task_scheduled_with_a_delay_runs_after_it(tasks, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"dan-{uuid.uuid4().hex[:8]}@example.com"

    def enqueue_later(seconds):
        tasks.send_welcome_email.schedule((address,), delay=seconds)

    with huey_consumer(tasks, tmp_path) as consumer:
        elapsed = workers.seconds_until_sent(consumer, "consumer started", enqueue_later, outbox, address)
    assert elapsed >= workers.DELAY_SECONDS
