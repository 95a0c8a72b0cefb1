"""benchmarks/thread_start_vs_pool.py, at the smallest size.

Which is cheaper is asserted once, by the notebook at every build
(docs/measurements/thread_start_vs_pool.py).
"""

import threading

import pytest

from benchmarks import thread_start_vs_pool


def test_reports_both_costs_per_task_and_the_rounds_it_ran():
    result = thread_start_vs_pool.measure("small")
    assert result["pool_submit_result_us"] > 0 and result["thread_start_join_us"] > 0
    assert result["thread_over_pool"] == pytest.approx(
        result["thread_start_join_us"] / result["pool_submit_result_us"], rel=0.01
    )
    assert result["setup"]["tasks_per_round"] == thread_start_vs_pool.TASKS["small"]


def test_leaves_no_thread_behind():
    before = threading.active_count()
    thread_start_vs_pool.measure("small")
    assert threading.active_count() == before
