"""Tasks finished and lost when a process that handed them off receives SIGTERM.

The parent starts real child processes (``python -m benchmarks.shutdown_loss run ...``);
each hands ``TASKS`` tasks (a 400 ms wait, then a line ``done <n>`` on stdout) to one ``WAYS``
entry, prints ``submitted``, and waits. The parent then sends SIGTERM under one of ``ENDINGS``:

* ``default SIGTERM``: no handler, so the process ends at once, as Python's default does;
* ``graceful exit``: a handler raises ``SystemExit``, so the interpreter shuts down normally
  (joins non-daemon threads, lets a pool finish its queue);
* ``graceful, SIGKILL after 500 ms``: the same, cut short by SIGKILL, standing for a stop
  deadline after which a supervisor kills what is still running.

The SQLite queue keeps its tasks in a file, worked by ``POOL_WORKERS`` threads that claim a row,
run it and mark it done; after the child has gone, a second process (``... drain WAY WORKDIR``)
puts back the rows the dead one had claimed and finishes what is left; those count as finished
later. The times are chosen so the signal lands while tasks are still waiting: 400 ms tasks (long enough that a busy machine still signals first), and
the SIGKILL between the pool's first and second batch.
"""

import os
import queue
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.common import check_size, machine
from tools import ROOT

TASK_SECONDS = 0.4
TASKS = {"small": 8, "full": 12}
POOL_WORKERS = 4
KILL_AFTER_SECONDS = 0.5
HELPER_DRAIN_SECONDS = 5.0
WAIT_TIMEOUT = 20.0
ENDINGS = ("default SIGTERM", "graceful exit", "graceful, SIGKILL after 500 ms")


# The child side -------------------------------------------------------------------------------


def task(number: int) -> None:
    time.sleep(TASK_SECONDS)
    # One write: lines from several threads never mix.
    os.write(1, f"done {number}\n".encode())


def daemon_threads(numbers, workdir):
    for number in numbers:
        threading.Thread(target=task, args=(number,), daemon=True).start()


def non_daemon_threads(numbers, workdir):
    for number in numbers:
        threading.Thread(target=task, args=(number,)).start()


def thread_pool(numbers, workdir):
    pool = ThreadPoolExecutor(max_workers=POOL_WORKERS)
    for number in numbers:
        pool.submit(task, number)


def background_helper(numbers, workdir):
    # The guide's helper is a Django module: set the example project up (no database is used).
    sys.path.insert(0, str(ROOT / "snippets" / "django_project"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signup_project.settings")
    import django

    django.setup()
    from background import BackgroundPool

    pool = BackgroundPool(
        max_workers=POOL_WORKERS, name="helper", exit_deadline=HELPER_DRAIN_SECONDS
    )
    for number in numbers:
        pool.submit(task, number)


def queue_with_worker(numbers, workdir):
    pending = queue.Queue()
    for number in numbers:
        pending.put(number)

    def work():
        while True:
            task(pending.get())

    # A consumer that waits forever must be a daemon, or the process could never exit.
    threading.Thread(target=work, daemon=True).start()


def sqlite_queue(numbers, workdir):
    database = Path(workdir) / "tasks.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute(
            "CREATE TABLE task (number INTEGER PRIMARY KEY, state TEXT NOT NULL DEFAULT 'pending')"
        )
        connection.executemany(
            "INSERT INTO task (number) VALUES (?)", [(n,) for n in numbers]
        )
    connection.close()
    for _ in range(POOL_WORKERS):
        threading.Thread(
            target=work_sqlite_queue, args=(database,), daemon=True
        ).start()


def work_sqlite_queue(database) -> None:
    """Claim the oldest pending task, run it, mark it done; stop when none is pending."""
    connection = sqlite3.connect(database, timeout=WAIT_TIMEOUT)
    try:
        while True:
            with connection:
                claimed = connection.execute(
                    "UPDATE task SET state = 'running' WHERE number = "
                    "(SELECT min(number) FROM task WHERE state = 'pending') RETURNING number"
                ).fetchall()
            if not claimed:
                return
            task(claimed[0][0])
            with connection:
                connection.execute(
                    "UPDATE task SET state = 'done' WHERE number = ?", claimed[0]
                )
    finally:
        connection.close()


def drain_sqlite_queue(database) -> None:
    """A second worker process: put back what the dead one left running, then work the queue."""
    with sqlite3.connect(database, timeout=WAIT_TIMEOUT) as connection:
        connection.execute("UPDATE task SET state = 'pending' WHERE state = 'running'")
    connection.close()
    workers = [
        threading.Thread(target=work_sqlite_queue, args=(database,))
        for _ in range(POOL_WORKERS)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=WAIT_TIMEOUT)


# A way to hand off work is one entry: a name and a function(numbers, workdir).
WAYS = {
    "daemon threads": daemon_threads,
    "non-daemon threads": non_daemon_threads,
    f"ThreadPoolExecutor ({POOL_WORKERS} workers)": thread_pool,
    f"background helper ({POOL_WORKERS} workers)": background_helper,
    "queue.Queue, daemon worker": queue_with_worker,
    "SQLite queue + second worker": sqlite_queue,
}
PERSISTENT_WAYS = {"SQLite queue + second worker": drain_sqlite_queue}


def exit_on_sigterm(signum, frame):
    sys.exit(0)


def child(way: str, ending: str, tasks: int, workdir: str) -> None:
    if ending != "default SIGTERM":
        signal.signal(signal.SIGTERM, exit_on_sigterm)
    WAYS[way](range(tasks), workdir)
    os.write(1, b"submitted\n")
    # The parent signals within milliseconds; the bound only stops an orphan from lingering.
    threading.Event().wait(timeout=WAIT_TIMEOUT)
    sys.exit("no SIGTERM arrived")


# The parent side ------------------------------------------------------------------------------


def run_one(way: str, ending: str, tasks: int) -> dict:
    """Start a child for ``way``, end it the ``ending`` way, and count distinct finished tasks."""
    with tempfile.TemporaryDirectory(prefix="shutdown-loss-") as workdir:
        command = [
            sys.executable,
            "-m",
            "benchmarks.shutdown_loss",
            "run",
            way,
            ending,
            str(tasks),
            workdir,
        ]
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        try:
            before_signal = read_until_submitted(process, way)
            process.send_signal(signal.SIGTERM)
            timeout = KILL_AFTER_SECONDS if "SIGKILL" in ending else WAIT_TIMEOUT
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=WAIT_TIMEOUT)
            finished = parse_done(before_signal + process.stdout.read())
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=WAIT_TIMEOUT)
            process.stdout.close()
        finished_later = set()
        if way in PERSISTENT_WAYS:
            drain = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.shutdown_loss",
                    "drain",
                    way,
                    workdir,
                ],
                cwd=ROOT,
                capture_output=True,
                timeout=WAIT_TIMEOUT,
                check=True,
            )
            finished_later = parse_done(drain.stdout) - finished
    return {
        "finished": len(finished),
        "finished_later": len(finished_later),
        "lost": tasks - len(finished) - len(finished_later),
    }


def read_until_submitted(process: subprocess.Popen, way: str) -> bytes:
    """The child's lines up to ``submitted`` (a fast task may finish before that line)."""
    lines = []
    deadline = time.monotonic() + WAIT_TIMEOUT
    while not lines or lines[-1] != b"submitted\n":
        ready, _, _ = select.select(
            [process.stdout], [], [], max(0.0, deadline - time.monotonic())
        )
        line = process.stdout.readline() if ready else b""
        if not line:
            raise RuntimeError(
                f"{way!r} child ended or stalled before reporting 'submitted' (exit code {process.poll()})"
            )
        lines.append(line)
    return b"".join(lines[:-1])


def parse_done(output: bytes) -> set[int]:
    return {
        int(line.split()[1])
        for line in output.decode().splitlines()
        if line.startswith("done ")
    }


def measure(size: str = "full") -> dict:
    tasks = TASKS[check_size(size)]
    cases = [(way, ending) for ending in ENDINGS for way in WAYS]
    # The cases are independent processes; running them side by side keeps the page build short.
    with ThreadPoolExecutor(max_workers=len(cases)) as runner:
        outcomes = list(runner.map(lambda case: run_one(*case, tasks), cases))
    results = {ending: {} for ending in ENDINGS}
    for (way, ending), outcome in zip(cases, outcomes, strict=True):
        results[ending][way] = outcome
    return {
        "topic": "shutdown_loss",
        "size": size,
        "machine": machine(),
        "setup": {
            "tasks": tasks,
            "task_ms": TASK_SECONDS * 1000,
            "pool_workers": POOL_WORKERS,
            "kill_after_ms": KILL_AFTER_SECONDS * 1000,
        },
        "endings": results,
    }


USAGE = (
    "usage: python -m benchmarks.shutdown_loss run WAY ENDING TASKS WORKDIR\n"
    "       python -m benchmarks.shutdown_loss drain WAY WORKDIR\n"
    f"WAY is one of {sorted(WAYS)}; ENDING one of {list(ENDINGS)}"
)

if __name__ == "__main__":
    match sys.argv[1:]:
        case ["run", way, ending, tasks, workdir] if (
            way in WAYS and ending in ENDINGS and tasks.isdigit()
        ):
            child(way, ending, int(tasks), workdir)
        case ["drain", way, workdir] if way in PERSISTENT_WAYS:
            PERSISTENT_WAYS[way](Path(workdir) / "tasks.sqlite3")
        case _:
            sys.exit(USAGE)
