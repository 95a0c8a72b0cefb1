"""snippets/django_project/cautions/connections.py: pool threads keep their connections open.

The connections are counted from outside Django: on PostgreSQL in
``pg_stat_activity``, on SQLite as the open file descriptors of the database file.
"""

import gc
import os
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.db.backends.signals import connection_created

from cautions.connections import (
    count_users,
    count_users_leaky,
    count_users_within_max_age,
)

POOL_SIZE = 4


class ConnectionCounter:
    """Counts the connections other threads open from now on that are still open.

    PostgreSQL: the server's own list, ``pg_stat_activity``, for the backend pids
    those connections got. SQLite: the process's open file descriptors on the
    database file, against the count before.
    """

    def __init__(self):
        self.backend_pids = []
        self.counting_thread = threading.get_ident()
        connection.close()  # the main thread's own connection stays out of the count
        self.baseline = (
            self._sqlite_open_files() if connection.vendor == "sqlite" else 0
        )
        connection_created.connect(self._remember, dispatch_uid=id(self))

    def _remember(self, sender, connection, **kwargs):
        if (
            connection.vendor == "postgresql"
            and threading.get_ident() != self.counting_thread
        ):
            self.backend_pids.append(connection.connection.info.backend_pid)

    def stop(self):
        connection_created.disconnect(dispatch_uid=id(self))

    def _sqlite_open_files(self):
        fd_dir = Path("/proc/self/fd")
        if not fd_dir.is_dir():
            pytest.skip("counting SQLite connections needs /proc/self/fd (Linux)")
        database = os.path.realpath(connection.settings_dict["NAME"])
        return sum(1 for fd in fd_dir.iterdir() if os.path.realpath(fd) == database)

    def _count_once(self):
        if connection.vendor == "sqlite":
            return self._sqlite_open_files() - self.baseline
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)",
                [self.backend_pids],
            )
            return cursor.fetchone()[0]

    def still_open(self, expected):
        """The count, once it equals ``expected`` or two seconds have passed.

        A PostgreSQL backend leaves ``pg_stat_activity`` a moment after its client
        has closed the connection, so the count may need a few milliseconds to settle.
        """
        deadline = time.monotonic() + 2
        while (count := self._count_once()) != expected and time.monotonic() < deadline:
            time.sleep(0.01)
        return count


@pytest.fixture
def opened_connections():
    counter = ConnectionCounter()
    yield counter
    counter.stop()


def run_once_on_each_worker(pool, work):
    """Run ``work`` once on every worker of ``pool``, all at the same time."""
    everyone_started = threading.Barrier(POOL_SIZE)

    def on_one_worker():
        result = work()
        # Holding each worker here makes the pool hand the next call to another worker.
        everyone_started.wait(timeout=5)
        return result

    futures = [pool.submit(on_one_worker) for _ in range(POOL_SIZE)]
    return [future.result(timeout=5) for future in futures]


def thread_has_open_connection() -> bool:
    return connection.connection is not None


def close_this_threads_connection():
    # Looked up in the calling thread: `connection` stands for that thread's own connection.
    connection.close()


@pytest.fixture
def pool():
    pool = ThreadPoolExecutor(max_workers=POOL_SIZE, thread_name_prefix="worker")
    yield pool
    # Close what the broken version leaked before its threads end, so nothing is left unclosed.
    run_once_on_each_worker(pool, close_this_threads_connection)
    pool.shutdown(wait=True)


@pytest.mark.django_db(transaction=True)
def test_each_pool_thread_keeps_its_own_connection_open(pool, opened_connections):
    assert run_once_on_each_worker(pool, count_users_leaky) == [0] * POOL_SIZE
    assert (
        run_once_on_each_worker(pool, thread_has_open_connection) == [True] * POOL_SIZE
    )
    assert opened_connections.still_open(expected=POOL_SIZE) == POOL_SIZE


@pytest.mark.django_db(transaction=True)
def test_closing_in_finally_leaves_no_connection_open(pool, opened_connections):
    assert run_once_on_each_worker(pool, count_users) == [0] * POOL_SIZE
    assert (
        run_once_on_each_worker(pool, thread_has_open_connection) == [False] * POOL_SIZE
    )
    assert opened_connections.still_open(expected=0) == 0


@pytest.mark.django_db(transaction=True)
def test_close_old_connections_closes_them_under_the_default_max_age(
    pool, opened_connections
):
    assert connection.settings_dict["CONN_MAX_AGE"] == 0
    assert run_once_on_each_worker(pool, count_users_within_max_age) == [0] * POOL_SIZE
    assert (
        run_once_on_each_worker(pool, thread_has_open_connection) == [False] * POOL_SIZE
    )
    assert opened_connections.still_open(expected=0) == 0


@pytest.mark.django_db(transaction=True)
def test_close_old_connections_keeps_them_when_max_age_says_so(
    pool, opened_connections, monkeypatch
):
    # The workers' connections are made from this same settings dict.
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)
    assert run_once_on_each_worker(pool, count_users_within_max_age) == [0] * POOL_SIZE
    assert (
        run_once_on_each_worker(pool, thread_has_open_connection) == [True] * POOL_SIZE
    )
    assert opened_connections.still_open(expected=POOL_SIZE) == POOL_SIZE


def collect_finished_threads_connections():
    """Run the garbage collector, the only thing that closes a finished thread's connection.

    The driver notes each connection it closes this way with a ResourceWarning; here that is the point.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def terminate_other_backends():
    """Make the server drop every other connection to this database, as a restart would.

    Connections that finished threads of earlier tests left open are collected first, or they would count.
    """
    collect_finished_threads_connections()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def query_or_error(work):
    def attempt():
        try:
            return work()
        except OperationalError:
            return "OperationalError"

    return attempt


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_goes_stale_when_the_server_drops_it(pool):
    run_once_on_each_worker(pool, count_users_leaky)
    assert terminate_other_backends() == POOL_SIZE
    assert (
        run_once_on_each_worker(pool, query_or_error(count_users_leaky))
        == ["OperationalError"] * POOL_SIZE
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_closed_connection_cannot_go_stale(pool):
    run_once_on_each_worker(pool, count_users)
    assert terminate_other_backends() == 0
    assert run_once_on_each_worker(pool, query_or_error(count_users)) == [0] * POOL_SIZE


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("health_checks", "next_query"),
    [
        # close_old_connections() closes a connection only after an error, or past CONN_MAX_AGE: a dropped one is kept.
        pytest.param(False, "OperationalError", id="without-health-checks"),
        # With them, Django tests the connection before the first query and opens a new one.
        pytest.param(True, 0, id="with-health-checks"),
    ],
)
def test_after_the_server_drops_kept_connections_health_checks_decide_the_next_query(
    pool, monkeypatch, health_checks, next_query
):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", health_checks)
    run_once_on_each_worker(pool, count_users_within_max_age)
    assert terminate_other_backends() == POOL_SIZE
    assert (
        run_once_on_each_worker(pool, query_or_error(count_users_within_max_age))
        == [next_query] * POOL_SIZE
    )


@pytest.mark.django_db(transaction=True)
def test_a_pool_opens_one_connection_per_thread_however_many_tasks(
    pool, opened_connections
):
    tasks = 10 * POOL_SIZE

    def count_users_and_say_where():
        return count_users_leaky(), threading.get_ident()

    results = [
        future.result(timeout=5)
        for future in [pool.submit(count_users_and_say_where) for _ in range(tasks)]
    ]
    assert [count for count, _ in results] == [0] * tasks
    threads_used = len({thread for _, thread in results})
    assert 1 <= threads_used <= POOL_SIZE
    # Each thread that ran a task holds exactly one connection: 40 tasks, at most four connections.
    assert opened_connections.still_open(expected=threads_used) == threads_used


@pytest.mark.django_db(transaction=True)
def test_a_thread_per_task_opens_a_connection_per_task_in_flight(opened_connections):
    tasks = 3 * POOL_SIZE
    all_queried = threading.Barrier(tasks + 1)
    finish = threading.Event()

    def task():
        count_users_leaky()
        all_queried.wait(timeout=5)
        finish.wait(timeout=5)
        connection.close()

    threads = [threading.Thread(target=task) for _ in range(tasks)]
    for thread in threads:
        thread.start()
    try:
        all_queried.wait(timeout=5)
        assert opened_connections.still_open(expected=tasks) == tasks
    finally:
        finish.set()
        for thread in threads:
            thread.join(timeout=5)


@pytest.mark.django_db(transaction=True)
def test_a_finished_threads_connection_stays_open_until_the_garbage_collector_runs(
    opened_connections,
):
    # Django's connection object refers to itself through its helpers, so only the cycle collector
    # frees it; with automatic collection paused, the test decides when that happens.
    gc.disable()
    try:
        thread = threading.Thread(target=count_users_leaky)
        thread.start()
        thread.join(timeout=5)
        assert not thread.is_alive()
        assert opened_connections.still_open(expected=1) == 1
        collect_finished_threads_connections()
        assert opened_connections.still_open(expected=0) == 0
    finally:
        gc.enable()
