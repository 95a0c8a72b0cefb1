"""snippets/safe_thread/accounts/background_threads.py: after the commit, never after a rollback, failures
logged, each worker's connection closed."""

import logging
import queue
import threading

import pytest
from django.contrib.auth.models import User
from django.db import connections, transaction

from snippets.safe_thread.accounts import background_threads
from snippets.safe_thread.accounts.background_threads import pool, run_after_commit

pytestmark = pytest.mark.django_db(transaction=True)
WAIT_SECONDS = 10


def wait_for_the_pool():
    """Return once every task submitted so far has finished.

    One barrier task per worker: they can all be at the barrier together only when no worker
    is still busy with a task submitted before them (the pool takes tasks in order).
    """
    barrier = threading.Barrier(pool._max_workers + 1, timeout=WAIT_SECONDS)
    for _ in range(pool._max_workers):
        pool.submit(barrier.wait)
    barrier.wait()


def test_inside_a_transaction_the_work_starts_after_the_commit_and_sees_the_row():
    found = queue.Queue()

    def look_up(user_id):
        found.put(User.objects.filter(pk=user_id).exists())

    with transaction.atomic():
        user = User.objects.create_user("ada", "ada@example.com")
        run_after_commit(look_up, user.pk)
        wait_for_the_pool()
        assert found.empty(), "nothing runs before the commit"
    assert found.get(timeout=WAIT_SECONDS) is True


def test_after_a_rollback_the_work_never_runs():
    ran = []
    with pytest.raises(RuntimeError), transaction.atomic():
        run_after_commit(ran.append, "welcome email")
        raise RuntimeError("the sign-up failed")
    wait_for_the_pool()
    assert ran == []


def test_a_failing_task_is_logged_with_its_traceback_and_the_pool_goes_on(caplog):
    def send_report():
        raise ConnectionError("report service unreachable")

    done = queue.Queue()
    with caplog.at_level(logging.ERROR, logger=background_threads.__name__):
        run_after_commit(send_report)
        run_after_commit(done.put, "next task ran")
        assert done.get(timeout=WAIT_SECONDS) == "next task ran"
        wait_for_the_pool()
    [record] = caplog.records
    assert record.getMessage() == "background task send_report failed"
    assert record.exc_info[0] is ConnectionError


def test_each_worker_closes_its_database_connection_after_the_task():
    used = queue.Queue()

    def count_users():
        User.objects.count()
        used.put(connections["default"])  # this worker thread's own connection

    run_after_commit(count_users)
    worker_connection = used.get(timeout=WAIT_SECONDS)
    wait_for_the_pool()
    assert worker_connection is not connections["default"], (
        "the task ran in another thread"
    )
    assert worker_connection.connection is None, "the worker closed its connection"
