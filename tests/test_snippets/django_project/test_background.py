"""snippets/django_project/background.py: transactions, inline mode, failures and bad arguments."""

import ast
import logging
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils.connection import ConnectionDoesNotExist

import background
from accounts.models import Upload


def record(into, value):
    into.append(value)


# Transactions: the task is queued at commit, and never after a rollback.


@pytest.mark.django_db(transaction=True)
def test_inside_atomic_the_task_waits_for_the_commit(make_pool):
    pool = make_pool(inline=True)
    ran = []
    with transaction.atomic():
        pool.submit(record, ran, "after commit")
        assert ran == []
    assert ran == ["after commit"]


@pytest.mark.django_db(transaction=True)
def test_a_worker_thread_sees_the_row_its_transaction_committed(make_pool):
    pool = make_pool(max_workers=2)
    seen = []
    with transaction.atomic():
        row = Upload.objects.create(name="report.pdf", size_bytes=3)
        pool.submit(lambda pk: seen.append(Upload.objects.get(pk=pk).name), row.pk)
    assert pool.wait(timeout=5)
    assert seen == ["report.pdf"]
    assert pool.shutdown(deadline=1).failed == 0


@pytest.mark.django_db(transaction=True)
def test_after_a_rollback_the_task_never_runs(make_pool):
    pool = make_pool(max_workers=2)
    ran = []
    with pytest.raises(RuntimeError, match="the view failed"):
        with transaction.atomic():
            pool.submit(record, ran, "never")
            raise RuntimeError("the view failed after submitting")
    assert pool.wait(timeout=5)
    assert ran == []
    assert pool.shutdown(deadline=1).finished == 0


@pytest.mark.django_db(transaction=True)
def test_using_names_the_database_whose_transaction_counts(make_pool):
    pool = make_pool(inline=True)
    ran = []
    with transaction.atomic(using="default"):
        pool.submit(record, ran, "on commit of default", using="default")
        assert ran == []
    assert ran == ["on commit of default"]


@pytest.mark.django_db(transaction=True)
def test_using_an_unknown_alias_is_refused_not_ignored(make_pool):
    pool = make_pool(inline=True)
    ran = []
    with (
        transaction.atomic(using="default"),
        pytest.raises(ConnectionDoesNotExist, match="no-such-database"),
    ):
        pool.submit(record, ran, "never", using="no-such-database")
    assert ran == []


def test_outside_a_transaction_the_task_is_queued_at_once(make_pool):
    pool = make_pool(max_workers=1)
    done = threading.Event()
    pool.submit(done.set)
    assert done.wait(timeout=5)


# Inline mode, for tests.


def test_inline_mode_runs_the_task_in_the_caller(make_pool):
    pool = make_pool(inline=True)
    ran_in = []
    pool.submit(lambda: ran_in.append(threading.current_thread().name))
    assert ran_in == [threading.current_thread().name]
    assert pool.shutdown(deadline=0).finished == 0  # inline tasks are not counted


def test_the_background_inline_setting_turns_inline_mode_on(make_pool, settings):
    settings.BACKGROUND_INLINE = True
    ran_in = []
    make_pool().submit(lambda: ran_in.append(threading.current_thread().name))
    assert ran_in == [threading.current_thread().name]


def test_inline_false_wins_over_the_setting(make_pool, settings):
    settings.BACKGROUND_INLINE = True
    pool = make_pool(inline=False, name="not_inline")
    ran_in = []
    pool.submit(lambda: ran_in.append(threading.current_thread().name))
    assert pool.wait(timeout=5)
    # In one of the pool's threads (whichever takes it first), not in the caller's.
    [thread_name] = ran_in
    assert thread_name.startswith("not_inline_"), thread_name


def test_in_inline_mode_a_task_exception_reaches_the_caller(make_pool):
    with pytest.raises(ZeroDivisionError):
        make_pool(inline=True).submit(lambda: 1 / 0)


# Threads and connections.


def test_workers_are_named_threads_and_never_more_than_max_workers(make_pool):
    pool = make_pool(max_workers=3, name="thumbnails")
    names = set()
    for _ in range(30):
        pool.submit(lambda: names.add(threading.current_thread().name))
    assert pool.wait(timeout=5)
    assert names <= {"thumbnails_0", "thumbnails_1", "thumbnails_2"}
    assert sorted(
        t.name for t in threading.enumerate() if t.name.startswith("thumbnails_")
    ) == ["thumbnails_0", "thumbnails_1", "thumbnails_2"]


def test_a_pool_starts_its_threads_at_the_first_submit_not_when_created(make_pool):
    pool = make_pool(max_workers=2, name="lazy")
    assert [t for t in threading.enumerate() if t.name.startswith("lazy_")] == []
    pool.submit(print, end="")
    assert pool.wait(timeout=5)
    assert sorted(
        t.name for t in threading.enumerate() if t.name.startswith("lazy_")
    ) == ["lazy_0", "lazy_1"]


@pytest.mark.django_db(transaction=True)
def test_each_task_starts_without_the_connection_the_previous_task_opened(make_pool):
    pool = make_pool(max_workers=1)
    open_at_start = []

    def query():
        open_at_start.append(connection.connection is not None)
        Upload.objects.count()  # opens this thread's connection

    for _ in range(3):
        pool.submit(query)
    assert pool.wait(timeout=5)
    assert open_at_start == [False, False, False]


# Failures.


def failing_task():
    raise ValueError("the thumbnail service said no")


@pytest.mark.shows("helper", "retries", outcome="not retried")
def test_a_failing_task_is_logged_with_its_name_and_traceback_and_the_pool_keeps_working(
    make_pool, caplog
):
    pool = make_pool(max_workers=1, name="logged")
    done = threading.Event()
    with caplog.at_level(logging.ERROR, logger="background"):
        pool.submit(failing_task)
        pool.submit(done.set)
        assert done.wait(timeout=5)
        assert pool.wait(timeout=5)
    [failure] = [r for r in caplog.records if r.name == "background"]
    assert failure.getMessage() == f"task {__name__}.failing_task failed"
    assert failure.exc_info[0] is ValueError
    assert "Traceback (most recent call last)" in caplog.text
    assert "the thumbnail service said no" in caplog.text
    report = pool.shutdown(deadline=1)
    assert (report.finished, report.failed) == (2, 1)  # ran once, never again


# Bad arguments get clear errors.


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"max_workers": 0}, ValueError, "max_workers must be at least 1, got 0"),
        ({"max_workers": -2}, ValueError, "max_workers must be at least 1, got -2"),
        ({"max_workers": 2.5}, TypeError, "max_workers must be an int, got 2.5"),
        ({"max_workers": "4"}, TypeError, "max_workers must be an int, got '4'"),
        ({"max_workers": True}, TypeError, "max_workers must be an int, got True"),
        ({"backlog": 0}, ValueError, "backlog must be at least 1, got 0"),
        (
            {"exit_deadline": -1},
            ValueError,
            "exit_deadline must be >= 0 seconds, got -1",
        ),
        (
            {"exit_deadline": "10"},
            TypeError,
            "exit_deadline must be a number of seconds, got '10'",
        ),
    ],
)
def test_bad_pool_options_are_refused(options, error, message):
    with pytest.raises(error) as raised:
        background.BackgroundPool(**options)
    assert str(raised.value) == message


def test_submit_refuses_what_is_not_callable(make_pool):
    with pytest.raises(
        TypeError, match="submit\\(\\) needs a callable, got 'send_email'"
    ):
        make_pool().submit("send_email")


@pytest.mark.parametrize(
    "argument",
    [Upload(name="x", size_bytes=1), HttpRequest()],
    ids=["model", "request"],
)
def test_submit_refuses_model_instances_and_requests(make_pool, argument):
    with pytest.raises(
        TypeError,
        match="pass plain values to a background task, not (Upload|HttpRequest) objects",
    ):
        make_pool().submit(print, argument)
    with pytest.raises(TypeError, match="pass plain values"):
        make_pool().submit(print, item=argument)


def test_submit_after_shutdown_is_a_runtime_error(make_pool):
    pool = make_pool(name="closed")
    pool.shutdown(deadline=0)
    with pytest.raises(
        RuntimeError,
        match="background pool 'closed' is shut down; it accepts no new tasks",
    ):
        pool.submit(print)


@pytest.mark.parametrize(
    ("deadline", "error"),
    [(-0.5, ValueError), (None, TypeError), (float("nan"), TypeError)],
)
def test_shutdown_refuses_a_bad_deadline(make_pool, deadline, error):
    with pytest.raises(error, match="deadline must be"):
        make_pool().shutdown(deadline=deadline)


@pytest.mark.parametrize(("timeout", "error"), [(-1, ValueError), ("5", TypeError)])
def test_wait_refuses_a_bad_timeout(make_pool, timeout, error):
    with pytest.raises(error, match="timeout must be"):
        make_pool().wait(timeout=timeout)


# A bounded backlog.


def test_a_full_backlog_refuses_the_next_task(make_pool):
    pool = make_pool(max_workers=1, backlog=2, name="small")
    release = threading.Event()
    pool.submit(release.wait)
    pool.submit(release.wait)
    with pytest.raises(
        background.BacklogFull, match="background pool 'small' already holds 2 tasks"
    ):
        pool.submit(print)
    release.set()
    assert pool.wait(timeout=5)
    pool.submit(print)  # room again


@pytest.mark.django_db(transaction=True)
def test_a_full_backlog_at_commit_drops_the_task_and_logs_an_error(make_pool, caplog):
    pool = make_pool(max_workers=1, backlog=1, name="small")
    release = threading.Event()
    pool.submit(release.wait)
    with caplog.at_level(logging.ERROR, logger="background"):
        with transaction.atomic():
            pool.submit(failing_task)
    release.set()
    assert pool.wait(timeout=5)
    [dropped] = [r for r in caplog.records if r.name == "background"]
    assert dropped.getMessage() == (
        f"task {__name__}.failing_task dropped after commit: background pool 'small' already holds 1 tasks"
    )


def test_the_module_is_written_for_python_3_10_the_oldest_django_5_2_supports():
    source = Path(background.__file__).read_text()
    ast.parse(source, feature_version=(3, 10))  # raises SyntaxError on newer syntax
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (
            node.names if isinstance(node, ast.Import) else [ast.alias(node.module)]
        )
    }
    assert imported - sys.stdlib_module_names == {"django"}
