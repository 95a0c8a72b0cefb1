"""CPU-bound pure-Python work in 1 thread, 2 threads and 2 processes; I/O-bound waits in threads.

Two equal units of CPU work (a count-down loop, sized by a short calibration so one unit takes
about ``UNIT_SECONDS``) run one after the other, in two threads, and in two child processes that
are already running (``python -m benchmarks.gil_cpu_vs_io`` reads counts from stdin and
answers ``done``), as a process pool's workers would be. The three ways take turns for ``ROUNDS``
rounds; each round gives a ratio to that round's serial time, and the median ratio counts, so a
burst of load from elsewhere on the machine does not decide the result. Processes can only run at
once when CPUs are free: ``cpus_free`` says whether the 1-minute load average before the run left
at least one CPU idle, and the speed-up of processes is only expected when it did. The I/O-bound part waits on ``time.sleep``, which releases the GIL the
way a socket read does. Each time is reported as a fraction of the serial time.
"""

import os
import subprocess
import sys
import threading
import time

from benchmarks.common import check_size, machine, median
from tools import ROOT

UNIT_SECONDS = 0.03  # long enough that handing work to a process costs little beside it
ROUNDS = {"small": 8, "full": 12}
IO_WAITS = {"small": 4, "full": 8}
IO_WAIT_SECONDS = 0.02
IO_ROUNDS = 5
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
        command = [sys.executable, "-m", "benchmarks.gil_cpu_vs_io"]
        self.children = [
            subprocess.Popen(
                command,
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                bufsize=1,
            )
            for _ in range(processes)
        ]
        self.run(1)  # every child has started and answered before any timing

    def run(self, count: int) -> float:
        began = time.perf_counter()
        for child in self.children:
            child.stdin.write(f"{count}\n")
        for child in self.children:
            if child.stdout.readline() != "done\n":
                raise RuntimeError(
                    f"child process {child.args} stopped answering (exit code {child.poll()})"
                )
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
    load_before = os.getloadavg()[0]
    count = calibrate(UNIT_SECONDS)
    cpu_units = [(count,)] * UNITS
    children = ChildProcesses(UNITS)
    try:
        rounds = [
            (
                serially(count_down, cpu_units),
                in_threads(count_down, cpu_units),
                children.run(count),
            )
            for _ in range(ROUNDS[size])
        ]
    finally:
        children.close()
    serial_times, thread_times, process_times = zip(*rounds, strict=True)
    io_units = [(IO_WAIT_SECONDS,)] * IO_WAITS[size]
    # Rounds here too: on a busy machine one late thread start can spoil a single timing.
    io_rounds = [
        (serially(time.sleep, io_units), in_threads(time.sleep, io_units))
        for _ in range(IO_ROUNDS)
    ]
    io_serial_times, io_thread_times = zip(*io_rounds, strict=True)
    return {
        "topic": "gil_cpu_vs_io",
        "size": size,
        "machine": machine(),
        "setup": {
            "rounds": ROUNDS[size],
            "cpu_units": UNITS,
            "cpu_unit_count": count,
            "io_waits": len(io_units),
            "io_wait_ms": IO_WAIT_SECONDS * 1000,
        },
        "cpu": {
            "serial_s": median(serial_times),
            "threads_s": median(thread_times),
            "processes_s": median(process_times),
            "threads_over_serial": median(
                [t / s for t, s in zip(thread_times, serial_times, strict=True)]
            ),
            "processes_over_serial": median(
                [p / s for p, s in zip(process_times, serial_times, strict=True)]
            ),
        },
        "io": {
            "serial_s": median(io_serial_times),
            "threads_s": median(io_thread_times),
            "threads_over_serial": median(
                [t / s for t, s in zip(io_thread_times, io_serial_times, strict=True)]
            ),
        },
        "load_average_before": load_before,
        "cpus_free": (os.cpu_count() or 1) >= 2
        and load_before <= (os.cpu_count() or 1) - 1,
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
        sys.exit(
            f"usage: {sys.executable} -m benchmarks.gil_cpu_vs_io  (counts come on stdin, one a line)"
        )
    serve()
