"""benchmarks/response_time.py: a real gunicorn under load, at the smallest size.

The harness reports every variant with its numbers and refuses bad input. The directions the page
claims (handing off is faster, the pool stays bounded, connections per variant) are asserted once,
by the notebook at every build (docs/measurements/response_time.py).
"""

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


def test_the_queue_variant_runs_no_query_in_the_server(result):
    queue = result["variants"]["queue"]
    assert queue["peak_db_connections"] == 0
    assert queue["work_done_after_last_response_ms"] is None


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
