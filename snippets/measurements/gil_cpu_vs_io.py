"""CPU-bound pure-Python work in 1 thread, 2 threads and 2 processes; I/O-bound waits in threads.

Two equal units of CPU work (a count-down loop, sized by a short calibration so one unit takes
about ``UNIT_SECONDS``) run one after the other, in two threads, and in two child processes that
are already running (``python -m snippets.measurements.gil_cpu_vs_io`` reads counts from stdin and
answers ``done``), as a process pool's workers would be. The three ways take turns for ``ROUNDS``
rounds and the fastest round of each counts, so a moment of load from elsewhere on the machine
does not decide the result. The I/O-bound part waits on ``time.sleep``, which releases the GIL the
way a socket read does. Each time is reported as a fraction of the serial time.
"""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from snippets.measurements.common import check_size, machine

ROOT = Path(__file__).resolve().parents[2]
UNIT_SECONDS = {"small": 0.01, "full": 0.02}
ROUNDS = {"small": 6, "full": 12}
IO_WAITS = {"small": 4, "full": 8}
IO_WAIT_SECONDS = 0.02
UNITS = 2


def count_down(count: int) -> None:
    while count:
        count -= 1


def calibrate(seconds: float) -> int:
    """The count ``count_down`` needs to run for about ``seconds`` here and now."""
    probe = 50_000
    fastest = float("inf")
    for _ in range(5):
        began = time.perf_counter()
        count_down(probe)
        fastest = min(fastest, time.perf_counter() - began)
    return max(1, int(probe * seconds / fastest))


def in_threads(target, args_list: list[tuple]) -> float:
    threads = [threading.Thread(target=target, args=args) for args in args_list]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return time.perf_counter() - began


class ChildProcesses:
    """Running Python processes that each count down whatever count they are sent."""

    def __init__(self, processes: int):
        command = [sys.executable, "-m", "snippets.measurements.gil_cpu_vs_io"]
        self.children = [
            subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
            for _ in range(processes)
        ]
        self.run(1)  # every child has started and answered before any timing

    def run(self, count: int) -> float:
        began = time.perf_counter()
        for child in self.children:
            child.stdin.write(f"{count}\n")
        for child in self.children:
            if child.stdout.readline() != "done\n":
                raise RuntimeError(f"child process {child.args} stopped answering (exit code {child.poll()})")
        return time.perf_counter() - began

    def close(self):
        for child in self.children:
            child.stdin.close()
        for child in self.children:
            child.wait(timeout=10)
            child.stdout.close()


def serially(target, args_list: list[tuple]) -> float:
    began = time.perf_counter()
    for args in args_list:
        target(*args)
    return time.perf_counter() - began


def measure(size: str = "full") -> dict:
    check_size(size)
    count = calibrate(UNIT_SECONDS[size])
    cpu_units = [(count,)] * UNITS
    children = ChildProcesses(UNITS)
    try:
        rounds = [
            (serially(count_down, cpu_units), in_threads(count_down, cpu_units), children.run(count))
            for _ in range(ROUNDS[size])
        ]
    finally:
        children.close()
    cpu_serial, cpu_threads, cpu_processes = (min(times) for times in zip(*rounds))
    io_units = [(IO_WAIT_SECONDS,)] * IO_WAITS[size]
    io_serial = serially(time.sleep, io_units)
    io_threads = in_threads(time.sleep, io_units)
    return {
        "topic": "gil_cpu_vs_io",
        "size": size,
        "machine": machine(),
        "setup": {"rounds": ROUNDS[size], "cpu_units": UNITS, "cpu_unit_count": count, "io_waits": len(io_units), "io_wait_ms": IO_WAIT_SECONDS * 1000},
        "cpu": {
            "serial_s": cpu_serial,
            "threads_s": cpu_threads,
            "processes_s": cpu_processes,
            "threads_over_serial": cpu_threads / cpu_serial,
            "processes_over_serial": cpu_processes / cpu_serial,
        },
        "io": {"serial_s": io_serial, "threads_s": io_threads, "threads_over_serial": io_threads / io_serial},
        "processes_can_run_in_parallel": (os.cpu_count() or 1) >= 2,
    }


def serve() -> None:
    """The child side: count down each count read from stdin, answer ``done`` after each."""
    for line in sys.stdin:
        if not line.strip().isdigit():
            sys.exit(f"expected a whole number per line on stdin, got {line.strip()!r}")
        count_down(int(line))
        print("done", flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 1:
        sys.exit(f"usage: {sys.executable} -m snippets.measurements.gil_cpu_vs_io  (counts come on stdin, one a line)")
    serve()
