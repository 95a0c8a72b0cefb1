"""A view whose slow part (one query, then a simulated ~50 ms SMTP call) is handed off in a way the URL names.

``HANDOFFS`` maps a variant name to a function that takes the slow call (no arguments) and runs
it: inline, in a new thread, in a shared pool, through the guide's background helper, or not at
all here: stored in a SQLite queue (Huey) for a worker process. Another way to run work is one
more entry; the load test (``benchmarks/response_time.py``) measures every entry. The
counters let it read, from the server process itself, how many calls finished, how many Python
threads were alive at most, and how many of Django's database connections were open at most.

The views that take a POST are exempt from CSRF checks: the load test's client posts without a
form or a cookie, and no page shows or serves these views (only the harness settings mount them).
"""

import functools
import os
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.db import connection
from django.db.backends.signals import connection_created
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from huey import SqliteHuey

from background import BackgroundPool

SLOW_CALL_SECONDS = 0.05
POOL_WORKERS = 16
# Where the "queue" variant stores its calls; the load test points it at a temporary file.
QUEUE_FILE = os.environ.get("SLOW_WORK_QUEUE_FILE") or str(
    Path(__file__).resolve().parent.parent / "slow-work-queue.sqlite3"
)

pool = ThreadPoolExecutor(max_workers=POOL_WORKERS, thread_name_prefix="slow-work")
# The guide's helper, sized like the pool so the two compare like for like.
helper = BackgroundPool(max_workers=POOL_WORKERS, name="slow-work-helper")


def start_thread(call):
    threading.Thread(target=call, name="slow-work").start()


@functools.cache
def queued_welcome_email():
    """The slow call as a Huey task: calling it stores the call in the queue file and returns."""
    queue = SqliteHuey("slow-work", filename=QUEUE_FILE)
    return queue.task(name="send_welcome_email")(send_welcome_email)


def enqueue(call):
    # Stored for a worker process to run later; none runs here, so the view pays only for the write.
    queued_welcome_email()()


HANDOFFS = {
    "inline": lambda call: call(),
    "thread": start_thread,
    "pool": pool.submit,
    "helper": helper.submit,
    "queue": enqueue,
}


class OpenConnections:
    """Django's database connections, of any thread, opened since the last ``forget_all()`` and open now.

    Forgetting at each reset keeps one variant's connections out of the next one's count: the
    pool's idle workers keep theirs, and a finished thread's stays open until the garbage
    collector frees it.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.wrappers = weakref.WeakSet()
        connection_created.connect(
            self.remember, weak=False, dispatch_uid="slow-work-open-connections"
        )

    def remember(self, sender, connection, **kwargs):
        with self.lock:
            self.wrappers.add(connection)

    def forget_all(self):
        with self.lock:
            self.wrappers = weakref.WeakSet()

    def count(self) -> int:
        with self.lock:
            return sum(
                1 for wrapper in list(self.wrappers) if wrapper.connection is not None
            )


open_connections = OpenConnections()


class Counters:
    """Calls started and finished, the most Python threads and open database connections seen, under one lock."""

    def __init__(self):
        self.lock = threading.Condition()
        self.reset()

    def reset(self):
        self.started = self.finished = 0
        self.peak_threads = threading.active_count()
        open_connections.forget_all()
        self.peak_db_connections = 0

    def call_started(self):
        with self.lock:
            self.started += 1
            self.peak_threads = max(self.peak_threads, threading.active_count())

    def connected(self):
        with self.lock:
            self.peak_db_connections = max(
                self.peak_db_connections, open_connections.count()
            )

    def call_finished(self):
        with self.lock:
            self.finished += 1
            self.lock.notify_all()

    def wait_until_finished(self, count: int, timeout: float) -> bool:
        """Block until ``count`` calls have finished; False if ``timeout`` seconds pass first."""
        with self.lock:
            return self.lock.wait_for(lambda: self.finished >= count, timeout=timeout)

    def snapshot(self) -> dict:
        with self.lock:
            return {
                "pid": os.getpid(),
                "started": self.started,
                "finished": self.finished,
                "peak_threads": self.peak_threads,
                "threads_now": threading.active_count(),
                "peak_db_connections": self.peak_db_connections,
                "db_connections_now": open_connections.count(),
                "slow_call_ms": SLOW_CALL_SECONDS * 1000,
                "pool_workers": POOL_WORKERS,
                "variants": list(HANDOFFS),
            }


counters = Counters()


def send_welcome_email():
    """Stands for the welcome email: one query (SELECT 1, for reading the user's row), then an
    SMTP round trip, during which the thread waits and the CPU does not work."""
    counters.call_started()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    counters.connected()
    time.sleep(SLOW_CALL_SECONDS)
    counters.call_finished()


@csrf_exempt
def signup(request, variant):
    try:
        handoff = HANDOFFS[variant]
    except KeyError:
        known = ", ".join(sorted(HANDOFFS))
        return JsonResponse(
            {"error": f"unknown variant {variant!r}; known: {known}"}, status=404
        )
    handoff(send_welcome_email)
    return JsonResponse({"variant": variant})


def stats(request):
    return JsonResponse(counters.snapshot())


@csrf_exempt
@require_POST
def reset(request):
    with counters.lock:
        counters.reset()
    return JsonResponse(counters.snapshot())
