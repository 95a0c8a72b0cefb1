"""benchmarks/shutdown_loss.py: real child processes and SIGTERM, at the smallest size.

The harness counts every task under every ending and refuses bad input. Which ways lose work is
asserted once, by the notebook at every build (docs/measurements/shutdown_loss.py).
"""

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
