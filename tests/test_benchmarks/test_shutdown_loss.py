"""benchmarks/shutdown_loss.py: real child processes and SIGTERM, at the smallest size."""

import subprocess
import sys

import pytest

from benchmarks import shutdown_loss
from tests.helpers.snippets import ROOT


@pytest.fixture(scope="module")
def endings():
    return shutdown_loss.measure("small")["endings"]


def test_every_way_is_counted_under_every_ending(endings):
    tasks = shutdown_loss.TASKS["small"]
    assert list(endings) == list(shutdown_loss.ENDINGS)
    for ways in endings.values():
        assert list(ways) == list(shutdown_loss.WAYS)
        for outcome in ways.values():
            assert (
                outcome["finished"] + outcome["finished_later"] + outcome["lost"]
                == tasks
            )


def test_without_a_handler_every_in_memory_way_loses_work(endings):
    in_memory = [
        way for way in shutdown_loss.WAYS if way not in shutdown_loss.PERSISTENT_WAYS
    ]
    assert all(endings["default SIGTERM"][way]["lost"] > 0 for way in in_memory)


def test_a_graceful_exit_drops_daemon_threads_and_waits_for_the_rest(endings):
    graceful = endings["graceful exit"]
    pool = f"ThreadPoolExecutor ({shutdown_loss.POOL_WORKERS} workers)"
    assert graceful["daemon threads"]["lost"] > 0
    assert graceful["queue.Queue, daemon worker"]["lost"] > 0
    assert graceful["non-daemon threads"]["lost"] == 0
    assert graceful[pool]["lost"] == 0
    assert endings["graceful, SIGKILL after 500 ms"][pool]["lost"] > 0
    helper = f"background helper ({shutdown_loss.POOL_WORKERS} workers)"
    assert graceful[helper]["lost"] == 0
    assert endings["graceful, SIGKILL after 500 ms"][helper]["lost"] > 0


def test_the_sqlite_queue_loses_nothing_because_a_second_worker_finishes_it(endings):
    for ways in endings.values():
        assert ways["SQLite queue + second worker"]["lost"] == 0


def test_the_child_rejects_an_unknown_way_with_its_usage():
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.shutdown_loss",
            "run",
            "carrier pigeon",
            "graceful exit",
            "3",
            "/tmp",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert child.returncode == 1
    assert child.stderr.startswith(
        "usage: python -m benchmarks.shutdown_loss run WAY ENDING TASKS WORKDIR"
    )
