"""snippets/ladder/django_tasks/tasks.py: `manage.py db_worker` (django-tasks-db) runs the welcome email."""

import uuid
from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone

from tools import comparison
from tests.test_snippets.ladder import workers

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tasks(monkeypatch, tmp_path):
    from snippets.ladder.django_tasks import tasks

    monkeypatch.setenv("WELCOME_OUTBOX", str(tmp_path / "outbox.txt"))
    return tasks


def test_db_worker_sends_the_welcome_email(tasks, tmp_path):
    address = f"ada-{uuid.uuid4().hex[:8]}@example.com"
    result = tasks.send_welcome_email.enqueue(address)
    assert result.status == TaskResultStatus.READY
    with workers.db_worker(tmp_path, "--batch") as worker:
        assert worker.wait_for_exit() == 0, worker.log()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == address
    assert workers.sent(tmp_path / "outbox.txt", address)


def test_task_that_raises_is_recorded_as_failed_not_retried(tasks, tmp_path):
    address = f"bob-{uuid.uuid4().hex[:8]}@example.com"
    result = tasks.send_welcome_email_or_fail.enqueue(address, 10)
    with workers.db_worker(tmp_path, "--batch") as worker:
        assert worker.wait_for_exit() == 0, worker.log()
    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert [error.exception_class_path for error in result.errors] == ["smtplib.SMTPServerDisconnected"]
    assert workers.attempts(tmp_path / "outbox.txt", address) == 1
    assert comparison.outcome("django_tasks", "retries") == "not retried"


def test_task_whose_worker_is_killed_stays_running_and_is_lost(tasks, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"eve-{uuid.uuid4().hex[:8]}@example.com"
    result = tasks.send_welcome_email_when_released.enqueue(address)
    with workers.db_worker(tmp_path) as worker:
        workers.wait_until(lambda: workers.started_count(outbox, address) == 1, "the task to start", worker)
        result.refresh()
        assert result.status == TaskResultStatus.RUNNING, "the row shows the running task"
        workers.kill_task_process(outbox, address)
        worker.wait_for_exit()
    workers.release(outbox)
    # A new worker only takes READY rows; the dead worker's row says RUNNING for ever.
    with workers.db_worker(tmp_path, "--batch", log_name="second-worker.log") as worker:
        assert worker.wait_for_exit() == 0, worker.log()
    result.refresh()
    assert result.status == TaskResultStatus.RUNNING
    assert workers.started_count(outbox, address) == 1
    assert not workers.sent(outbox, address)
    assert comparison.outcome("django_tasks", "survives_worker_kill") == "lost"


def test_task_enqueued_with_run_after_runs_after_it(tasks, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"dan-{uuid.uuid4().hex[:8]}@example.com"

    def enqueue_later(seconds):
        run_after = timezone.now() + timedelta(seconds=seconds)
        tasks.send_welcome_email.using(run_after=run_after).enqueue(address)

    with workers.db_worker(tmp_path) as worker:
        elapsed = workers.seconds_until_sent(worker, "Starting worker", enqueue_later, outbox, address)
    assert elapsed >= workers.DELAY_SECONDS


def test_enqueue_inside_a_rolled_back_transaction_leaves_no_task(tasks):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    address = f"rolled-back-{uuid.uuid4().hex[:8]}@example.com"
    with pytest.raises(RuntimeError), transaction.atomic():
        result = tasks.send_welcome_email.enqueue(address)
        # Same database, same transaction: the row exists for this connection only.
        assert DBTaskResult.objects.filter(id=result.id).exists()
        raise RuntimeError("the view failed after enqueueing")
    assert not DBTaskResult.objects.filter(id=result.id).exists()
