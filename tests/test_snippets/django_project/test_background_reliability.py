"""snippets/django_project/background.py under load: exactly once, bounded threads, no open connections."""

import threading
import time
from collections import Counter

import pytest
from django.db import connection

from accounts.models import Upload
from tests.helpers import services

TASKS = 10_000
SUBMITTERS = 20
MAX_WORKERS = 4


def test_ten_thousand_tasks_from_many_threads_each_run_exactly_once_on_at_most_max_workers_threads(
    make_pool,
):
    pool = make_pool(max_workers=MAX_WORKERS, name="burst")
    runs = Counter()
    peak_threads = 0
    lock = threading.Lock()

    def task(task_id):
        nonlocal peak_threads
        alive = sum(
            thread.name.startswith("burst_") for thread in threading.enumerate()
        )
        with lock:
            runs[task_id] += 1
            peak_threads = max(peak_threads, alive)

    go = threading.Barrier(SUBMITTERS)

    def submit_share(first):
        go.wait()  # all submitters start together: a spike, not a trickle
        for task_id in range(first, TASKS, SUBMITTERS):
            pool.submit(task, task_id)

    submitters = [
        threading.Thread(target=submit_share, args=(n,)) for n in range(SUBMITTERS)
    ]
    for thread in submitters:
        thread.start()
    for thread in submitters:
        thread.join(timeout=30)
    assert pool.wait(timeout=30)
    assert sorted(runs) == list(range(TASKS))
    assert set(runs.values()) == {1}
    assert 1 <= peak_threads <= MAX_WORKERS
    report = pool.shutdown(deadline=5)
    assert (report.finished, report.failed, report.unfinished) == (TASKS, 0, ())
    print(
        f"\n{report.finished} tasks from {SUBMITTERS} threads, each run once; peak worker threads {peak_threads}"
    )


OTHER_BACKENDS = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"


def other_backends():
    with connection.cursor() as cursor:
        cursor.execute(OTHER_BACKENDS)
        return cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_after_a_thousand_orm_tasks_no_connection_is_left_open(make_pool):
    if connection.vendor != "postgresql":
        services.missing(
            "this test counts server-side connections in PostgreSQL's pg_stat_activity"
        )
    pool = make_pool(max_workers=MAX_WORKERS, name="orm")
    before = other_backends()
    backend_pids = set()
    peak_during = 0
    lock = threading.Lock()

    def orm_task(number):
        nonlocal peak_during
        Upload.objects.filter(pk=number).exists()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        during = other_backends() if number % 100 == 0 else 0
        with lock:
            backend_pids.add(pid)
            peak_during = max(peak_during, during)

    for number in range(1000):
        pool.submit(orm_task, number)
    assert pool.wait(timeout=60)
    # Counted while the four worker threads are still alive, idle, waiting for more work.
    # A closed connection's server process ends a moment after the client hangs up.
    give_up = time.monotonic() + 5
    while (after := other_backends()) != before and time.monotonic() < give_up:
        time.sleep(0.02)
    assert after == before
    assert (
        peak_during > before
    )  # the workers' connections were really open while they worked
    assert (
        len(backend_pids) == 1000
    )  # each task opened a new connection: nothing is reused
    assert pool.shutdown(deadline=5).finished == 1000
    print(
        f"\nconnections of other backends: before {before}, peak during {peak_during}, after {after};"
        f" {len(backend_pids)} distinct server processes served 1000 tasks"
    )
