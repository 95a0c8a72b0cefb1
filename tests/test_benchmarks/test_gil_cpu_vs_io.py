"""benchmarks/gil_cpu_vs_io.py, at the smallest size, and its child process's input check."""

import subprocess
import sys

from benchmarks import gil_cpu_vs_io
from tests.helpers.snippets import ROOT


def test_measures_cpu_bound_work_three_ways_and_waiting_work_on_threads():
    result = gil_cpu_vs_io.measure("small")
    # Every direction (threads no faster than serial on CPU-bound work, processes faster,
    # threads faster at waiting) is asserted once, by the notebook during the site build,
    # which has the machine to itself.
    assert set(result["cpu"]) == {
        "serial_s",
        "threads_s",
        "processes_s",
        "threads_over_serial",
        "processes_over_serial",
    }
    assert all(seconds > 0 for seconds in result["cpu"].values())
    assert result["io"]["threads_over_serial"] > 0


def test_count_down_counts_to_zero_and_calibration_gives_a_positive_count():
    gil_cpu_vs_io.count_down(1000)
    assert gil_cpu_vs_io.calibrate(0.001) >= 1


def test_the_child_process_rejects_input_that_is_not_a_count():
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.gil_cpu_vs_io"],
        cwd=ROOT,
        input="12x\n",
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert child.returncode == 1
    assert "expected a whole number per line on stdin, got '12x'" in child.stderr
