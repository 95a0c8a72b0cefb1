"""Per-task overhead: start and join a new thread, or submit to a running pool and wait for the result.

The task does nothing, so what is timed is the machinery around it. Each way runs in several
rounds and the fastest round counts, which keeps one noisy moment from deciding the result.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from benchmarks.common import check_size, machine

TASKS = {"small": 200, "full": 1000}
ROUNDS = 5


def nothing():
    pass


def start_and_join(tasks: int) -> float:
    began = time.perf_counter()
    for _ in range(tasks):
        thread = threading.Thread(target=nothing)
        thread.start()
        thread.join()
    return time.perf_counter() - began


def submit_and_wait(pool: ThreadPoolExecutor, tasks: int) -> float:
    began = time.perf_counter()
    for _ in range(tasks):
        pool.submit(nothing).result()
    return time.perf_counter() - began


def measure(size: str = "full") -> dict:
    tasks = TASKS[check_size(size)]
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(nothing).result()  # the worker thread exists before timing starts
        pool_rounds = [submit_and_wait(pool, tasks) for _ in range(ROUNDS)]
    thread_rounds = [start_and_join(tasks) for _ in range(ROUNDS)]
    thread_start_us = min(thread_rounds) / tasks * 1e6
    pool_submit_us = min(pool_rounds) / tasks * 1e6
    return {
        "topic": "thread_start_vs_pool",
        "size": size,
        "machine": machine(),
        "setup": {"tasks_per_round": tasks, "rounds": ROUNDS, "pool_workers": 1},
        "thread_start_join_us": thread_start_us,
        "pool_submit_result_us": pool_submit_us,
        "thread_over_pool": thread_start_us / pool_submit_us,
    }
