"""benchmarks/thread_start_vs_pool.py, at the smallest size."""

import threading

from benchmarks import thread_start_vs_pool


def test_submitting_to_a_running_pool_is_cheaper_than_starting_a_thread():
    result = thread_start_vs_pool.measure("small")
    assert result["pool_submit_result_us"] < result["thread_start_join_us"]
    assert result["thread_over_pool"] > 1
    assert result["setup"]["tasks_per_round"] == thread_start_vs_pool.TASKS["small"]


def test_leaves_no_thread_behind():
    before = threading.active_count()
    thread_start_vs_pool.measure("small")
    assert threading.active_count() == before
