"""Latency of a Django view under load when its slow part runs inline, in a new thread, in a pool,
through the helper, or is stored in a queue for a worker.

A real gunicorn (gthread worker) serves ``snippets/django_project`` with the harness settings
(``benchmarks.settings``, which add the measured views of ``benchmarks.slow_work``) on a free
loopback port, on SQLite; client threads send requests with ``http.client``. The slow part is
``benchmarks.slow_work.views.send_welcome_email``: one query, then a 50 ms wait standing for SMTP. For each
variant the result gives the latencies, the throughput, the most Python threads and open database
connections in the server process, and how long after the last response the server had finished
every slow call; a variant whose calls run in another process (a queue's worker) reports None there.
"""

import contextlib
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.common import check_size, machine, median, percentile
from tools import ROOT, free_port

DJANGO_PROJECT = ROOT / "snippets" / "django_project"
HARNESS_SETTINGS = "benchmarks.settings"
SERVER_THREADS = 16
LOAD = {
    "small": {"requests": 48, "clients": 8},
    "full": {"requests": 200, "clients": 16},
}
READY_TIMEOUT = 20.0
DRAIN_TIMEOUT = 20.0


def server_environment(**extra: str) -> dict[str, str]:
    """The environment for a server run in ``DJANGO_PROJECT``: the harness settings, and this
    repository on the path so that they import; ``extra`` is added last."""
    python_path = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": HARNESS_SETTINGS,
        "PYTHONPATH": python_path,
        **extra,
    }


def request_json(port: int, method: str, path: str, timeout: float = 5.0) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(
                f"{method} {path} answered {response.status}: {body[:200]!r}"
            )
        return json.loads(body)
    finally:
        connection.close()


@contextlib.contextmanager
def gunicorn_server():
    """Start gunicorn on a free port, yield the port once it answers, stop it afterwards."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "signup_project.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--worker-class",
        "gthread",
        "--threads",
        str(SERVER_THREADS),
        "--log-level",
        "warning",
        # gunicorn 27 otherwise opens a control socket under ~/.gunicorn, shared by every server.
        "--no-control-socket",
    ]
    queue_dir = tempfile.TemporaryDirectory(prefix="slow-work-queue-")
    # SQLite whatever the caller's shell says: a thread per request would open hundreds of server connections.
    env = server_environment(
        THREAD_OR_QUEUE_DATABASE="sqlite",
        SLOW_WORK_QUEUE_FILE=str(Path(queue_dir.name) / "queue.sqlite3"),
    )
    # A session of its own, so a stuck stop can kill the master and its worker together.
    server = subprocess.Popen(
        command,
        cwd=DJANGO_PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            if server.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {server.returncode}: {server.stderr.read()[-2000:]}"
                )
            try:
                request_json(port, "GET", "/slow/stats/", timeout=1.0)
                break
            except (OSError, http.client.HTTPException):
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"gunicorn did not answer on port {port} within {READY_TIMEOUT} s"
                    ) from None
                time.sleep(0.05)
        yield port
    finally:
        # gunicorn's quick shutdown; SIGTERM waits for a graceful one.
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
        server.stderr.close()
        queue_dir.cleanup()


def run_load(port: int, variant: str, requests: int, clients: int) -> dict:
    """Send ``requests`` POSTs from ``clients`` threads; return latencies, wall time, and when the last response ended."""
    latencies: list[float] = []
    ended: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    remaining = iter(range(requests))
    go = threading.Event()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        go.wait()
        try:
            while True:
                with lock:
                    if next(remaining, None) is None:
                        return
                began = time.perf_counter()
                try:
                    connection.request("POST", f"/slow/signup/{variant}/")
                    response = connection.getresponse()
                    response.read()
                    problem = (
                        None if response.status == 200 else f"status {response.status}"
                    )
                except (OSError, http.client.HTTPException) as error:
                    connection.close()  # reconnect on the next request
                    problem = repr(error)
                now = time.perf_counter()
                with lock:
                    ended.append(now)
                    if problem is None:
                        latencies.append(now - began)
                    else:
                        errors.append(problem)
        finally:
            connection.close()

    workers = [
        threading.Thread(target=client, name=f"client-{i}") for i in range(clients)
    ]
    for worker in workers:
        worker.start()
    began = time.perf_counter()
    go.set()
    for worker in workers:
        worker.join(timeout=60)
    wall = time.perf_counter() - began
    if errors:
        raise RuntimeError(
            f"{len(errors)} of {requests} {variant} requests failed, first: {errors[0]}"
        )
    return {"latencies": latencies, "wall": wall, "last_response_at": max(ended)}


def wait_for_background_work(port: int, expected: int) -> tuple[dict, float]:
    """Poll until the server finished ``expected`` slow calls; return its counters and when it was seen."""
    deadline = time.perf_counter() + DRAIN_TIMEOUT
    while True:
        stats = request_json(port, "GET", "/slow/stats/")
        if stats["finished"] >= expected:
            return stats, time.perf_counter()
        if time.perf_counter() > deadline:
            raise TimeoutError(
                f"only {stats['finished']} of {expected} slow calls finished in {DRAIN_TIMEOUT} s"
            )
        time.sleep(0.01)


def measure(size: str = "full", variants: list[str] | None = None) -> dict:
    """Load each variant in turn; ``variants=None`` means every one the view's ``HANDOFFS`` has."""
    load = LOAD[check_size(size)]
    results = {}
    with gunicorn_server() as port:
        server = request_json(port, "GET", "/slow/stats/")
        unknown = set(variants or ()) - set(server["variants"])
        if unknown:
            raise ValueError(
                f"unknown variants {sorted(unknown)}; the view knows {server['variants']}"
            )
        for variant in variants or server["variants"]:
            request_json(port, "POST", "/slow/reset/")
            load_result = run_load(port, variant, load["requests"], load["clients"])
            stats = request_json(port, "GET", "/slow/stats/")
            # Asked right after the last response: how much handed-off work was still running or waiting.
            unfinished = load["requests"] - stats["finished"]
            # A variant that only enqueues (a worker elsewhere runs the call) starts none here.
            drain = None
            if stats["started"]:
                stats, seen_at = wait_for_background_work(port, load["requests"])
                # An upper bound: polling adds up to a few milliseconds.
                drain = seen_at - load_result["last_response_at"]
            latencies_ms = [seconds * 1000 for seconds in load_result["latencies"]]
            results[variant] = {
                "median_ms": median(latencies_ms),
                "p99_ms": percentile(latencies_ms, 0.99),
                "throughput_rps": load["requests"] / load_result["wall"],
                "peak_threads": stats["peak_threads"],
                "peak_db_connections": stats["peak_db_connections"],
                "unfinished_at_last_response": None if drain is None else unfinished,
                "work_done_after_last_response_ms": None
                if drain is None
                else drain * 1000,
            }
    return {
        "topic": "response_time",
        "size": size,
        "machine": machine(),
        "setup": {
            **load,
            "server": f"gunicorn gthread, 1 worker, {SERVER_THREADS} threads",
            "slow_call_ms": server["slow_call_ms"],
            "pool_workers": server["pool_workers"],
            "database": "SQLite file; each slow call runs one query",
        },
        "variants": results,
    }
