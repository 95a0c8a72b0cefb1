"""benchmarks/response_time.py: a real gunicorn under load, at the smallest size."""

import pytest

from benchmarks import response_time
from benchmarks.slow_work import views


@pytest.fixture(scope="module")
def result():
    return response_time.measure("small")


def test_reports_every_variant_the_view_offers_with_its_numbers(result):
    assert list(result["variants"]) == list(views.HANDOFFS)
    for numbers in result["variants"].values():
        assert set(numbers) == {
            "median_ms",
            "p99_ms",
            "throughput_rps",
            "peak_threads",
            "peak_db_connections",
            "unfinished_at_last_response",
            "work_done_after_last_response_ms",
        }
        assert 0 < numbers["median_ms"] <= numbers["p99_ms"]
    assert {"python", "django", "platform", "cpu_count"} <= set(result["machine"])


def test_waiting_inline_costs_the_slow_call_and_handing_off_is_faster(result):
    inline, thread, pool = (
        result["variants"][name] for name in ("inline", "thread", "pool")
    )
    assert inline["median_ms"] >= result["setup"]["slow_call_ms"]
    assert thread["median_ms"] < inline["median_ms"]
    assert pool["median_ms"] < inline["median_ms"]
    assert result["variants"]["helper"]["median_ms"] < inline["median_ms"]


def test_the_pool_stays_within_its_thread_bound_and_threads_per_request_do_not(result):
    inline, thread, pool = (
        result["variants"][name] for name in ("inline", "thread", "pool")
    )
    assert (
        pool["peak_threads"]
        <= 1 + response_time.SERVER_THREADS + result["setup"]["pool_workers"] + 4
    )
    assert thread["peak_threads"] > inline["peak_threads"]


def test_pools_hold_a_connection_per_worker_at_most_and_threads_per_request_hold_more(
    result,
):
    variants, workers = result["variants"], result["setup"]["pool_workers"]
    assert 1 <= variants["pool"]["peak_db_connections"] <= workers
    assert 1 <= variants["helper"]["peak_db_connections"] <= workers
    assert variants["thread"]["peak_db_connections"] > workers
    assert variants["queue"]["peak_db_connections"] == 0, (
        "the queue variant runs no query in the server"
    )
    assert variants["queue"]["work_done_after_last_response_ms"] is None


def test_an_unknown_size_is_a_clear_error():
    with pytest.raises(
        ValueError, match="size must be one of 'small', 'full', not 'huge'"
    ):
        response_time.measure("huge")


def test_an_unknown_variant_is_a_clear_error():
    with pytest.raises(
        ValueError,
        match=r"unknown variants \['carrier-pigeon'\]; the view knows \['inline', 'thread', 'pool', 'helper', 'queue'\]",
    ):
        response_time.measure("small", variants=["carrier-pigeon"])
