"""A view whose slow part (a simulated ~50 ms SMTP call) is handed off in a way the URL names.

``HANDOFFS`` maps a variant name to a function that takes the slow call (no arguments) and runs
it: inline, in a new thread, in a shared pool, or through the guide's background helper. Another
way to run work is one more entry; the load test
(``snippets/measurements/response_time.py``) measures every entry. The counters let it read, from
the server process itself, how many calls finished and how many Python threads were alive at most.
"""

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from background import BackgroundPool

SLOW_CALL_SECONDS = 0.05
POOL_WORKERS = 16

pool = ThreadPoolExecutor(max_workers=POOL_WORKERS, thread_name_prefix="slow-work")
# The guide's helper, sized like the pool so the two compare like for like.
helper = BackgroundPool(max_workers=POOL_WORKERS, name="slow-work-helper")


def start_thread(call):
    threading.Thread(target=call, name="slow-work").start()


HANDOFFS = {
    "inline": lambda call: call(),
    "thread": start_thread,
    "pool": pool.submit,
    "helper": helper.submit,
}


class Counters:
    """Calls started and finished, and the most Python threads seen, under one lock."""

    def __init__(self):
        self.lock = threading.Condition()
        self.reset()

    def reset(self):
        self.started = self.finished = 0
        self.peak_threads = threading.active_count()

    def call_started(self):
        with self.lock:
            self.started += 1
            self.peak_threads = max(self.peak_threads, threading.active_count())

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
                "slow_call_ms": SLOW_CALL_SECONDS * 1000,
                "pool_workers": POOL_WORKERS,
                "variants": list(HANDOFFS),
            }


counters = Counters()


def send_welcome_email():
    """Stands for an SMTP round trip: the thread waits, the CPU does not work."""
    counters.call_started()
    time.sleep(SLOW_CALL_SECONDS)
    counters.call_finished()


def signup(request, variant):
    try:
        handoff = HANDOFFS[variant]
    except KeyError:
        known = ", ".join(sorted(HANDOFFS))
        return JsonResponse({"error": f"unknown variant {variant!r}; known: {known}"}, status=404)
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
