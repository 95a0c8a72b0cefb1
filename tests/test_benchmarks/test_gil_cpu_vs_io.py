"""benchmarks/gil_cpu_vs_io.py, at the smallest size, and its child process's input check."""

import subprocess
import sys

from benchmarks import gil_cpu_vs_io
from tests.helpers.snippets import ROOT


def test_measures_cpu_bound_work_three_ways_and_threads_speed_up_waiting():
    result = gil_cpu_vs_io.measure("small")
    # The CPU-bound directions (threads no faster than serial, processes faster) are asserted by
    # the notebook during the site build, which has the machine to itself. Here the other lane of
    # `make test` shares the CPUs, and a burst of its load in one half of a round tilts the ratio.
    assert set(result["cpu"]) == {
        "serial_s",
        "threads_s",
        "processes_s",
        "threads_over_serial",
        "processes_over_serial",
    }
    assert all(seconds > 0 for seconds in result["cpu"].values())
    # Waiting overlaps whatever the CPUs are doing: this holds by a wide margin even on a busy machine.
    assert result["io"]["threads_over_serial"] < 0.5


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
