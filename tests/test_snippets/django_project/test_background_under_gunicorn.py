"""The background helper inside real gunicorn workers: SIGTERM, ``--max-requests 1``, ``--graceful-timeout``.

Each test starts gunicorn 27 (one worker, ``sync`` or ``gthread``) on the example project and POSTs
to ``slow_work.gated.start_gated_task``, which hands ``wait_for_release`` to a helper pool named
``gated`` (``exit_deadline`` 10 s, the helper's default, unless ``SLOW_WORK_EXIT_DEADLINE`` says
otherwise). The task writes ``<name>.started`` in a directory the test owns, waits until the test
creates ``<name>.release``, then writes ``<name>.finished``: the trace crosses processes and the
test decides when the task may end. gunicorn's log (``--log-level info``) and the helper's drain
report both arrive on the server's stderr.

What gunicorn does (``gunicorn/arbiter.py`` and ``gunicorn/workers/*.py`` in the venv): SIGTERM to the
master makes it send SIGTERM to each worker and wait up to ``--graceful-timeout`` before SIGKILL. A
worker's SIGTERM handler, like reaching ``--max-requests``, only sets ``alive = False``; the worker
leaves its loop, ``spawn_worker`` logs "Worker exiting" and calls ``sys.exit(0)``, and the interpreter
exits normally, so ``atexit`` runs the helper's drain while the process is still alive.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from slow_work import gated
from snippets.measurements.response_time import DJANGO_PROJECT, free_port

READY_TIMEOUT = 20.0
WAIT = 10.0  # bound on every wait for the server; each test takes far less when things work
DRAIN_REPORT_ALL_DONE = "pool gated shut down: 1 finished (0 failed), 0 unfinished: []"
DRAIN_REPORT_GAVE_UP = "pool gated shut down: 0 finished (0 failed), 1 unfinished: ['slow_work.gated.wait_for_release']"
DRAIN_REPORT_PREFIX = "pool gated shut down:"


class ServerLog:
    """The server's stderr, read line by line in a thread, so a test can wait for a line to appear."""

    def __init__(self, stream):
        self.lines = []
        self.changed = threading.Condition()
        self.reader = threading.Thread(target=self._read, args=(stream,), name="gunicorn-stderr", daemon=True)
        self.reader.start()

    def _read(self, stream):
        for line in stream:
            with self.changed:
                self.lines.append(line.rstrip("\n"))
                self.changed.notify_all()

    def wait_for(self, text, occurrences=1, timeout=WAIT):
        """Wait until ``occurrences`` lines contain ``text``; fail the test if that takes over ``timeout`` s."""
        with self.changed:
            seen = self.changed.wait_for(lambda: sum(text in line for line in self.lines) >= occurrences, timeout)
            assert seen, f"under {occurrences} lines with {text!r} after {timeout} s; the server said:\n{self.text()}"

    def text(self):
        with self.changed:
            return "\n".join(self.lines)


class Server:
    """A gunicorn process serving the example project, with its trace directory and its log."""

    def __init__(self, trace_dir, worker_class, options, environment):
        self.trace_dir = trace_dir
        self.port = free_port()
        command = [
            sys.executable, "-m", "gunicorn", "signup_project.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--worker-class", worker_class,
            "--log-level", "info", "--no-control-socket", *options,
        ]
        env = {**os.environ, gated.TRACE_DIR_VARIABLE: str(trace_dir), **environment}
        self.process = subprocess.Popen(
            command, cwd=DJANGO_PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        self.log = ServerLog(self.process.stderr)
        self._wait_until_listening()

    def _wait_until_listening(self):
        # A bare TCP connect, not a request: under --max-requests 1 a probe request would recycle the worker.
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            assert self.process.poll() is None, f"gunicorn exited early:\n{self.log.text()}"
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                assert time.monotonic() < deadline, f"gunicorn did not listen within {READY_TIMEOUT} s"
                time.sleep(0.02)

    def start_task(self, name):
        """POST to the gated view; return the worker's pid once the task has written its start file."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=READY_TIMEOUT)
        try:
            connection.request("POST", f"/slow/gated/{name}/")
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        assert response.status == 202, body
        worker_pid = json.loads(body)["pid"]
        assert wait_for_file(self.trace_dir / f"{name}.started") == str(worker_pid)
        return worker_pid

    def release(self, name):
        (self.trace_dir / f"{name}.release").touch()

    def finished(self, name):
        path = self.trace_dir / f"{name}.finished"
        return path.read_text() if path.exists() else None

    def wait_for_exit(self):
        try:
            return self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"gunicorn still running {WAIT} s after it was told to stop:\n{self.log.text()}")

    def stop(self):
        for started in self.trace_dir.glob("*.started"):  # no task may outlive the test waiting
            self.release(started.stem)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            try:
                self.process.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=WAIT)
        self.log.reader.join(timeout=WAIT)
        self.process.stderr.close()


@pytest.fixture
def start_server(tmp_path):
    servers = []

    def start(worker_class, *options, environment=None):
        server = Server(tmp_path, worker_class, options, environment or {})
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def wait_for_file(path, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} did not appear within {timeout} s"
        time.sleep(0.01)
    return path.read_text()


def process_is_gone(pid):
    """True once ``pid`` has exited (a zombie counts as gone: it runs no code). Linux ``/proc``."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"


def wait_until_gone(pid, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while not process_is_gone(pid):
        assert time.monotonic() < deadline, f"process {pid} still running after {timeout} s"
        time.sleep(0.01)


@pytest.mark.parametrize("worker_class", ["sync", "gthread"])
def test_sigterm_to_the_master_lets_the_running_task_finish_before_the_worker_exits(start_server, worker_class):
    server = start_server(worker_class)
    worker_pid = server.start_task("term")
    signalled = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    # The worker has left its request loop; the atexit drain now holds the process open.
    server.log.wait_for(f"Worker exiting (pid: {worker_pid})")
    assert server.finished("term") is None
    assert server.process.poll() is None  # the master waits for its worker
    server.release("term")
    assert server.wait_for_exit() == 0
    elapsed = time.monotonic() - signalled
    assert server.finished("term") == str(worker_pid)
    server.log.wait_for(DRAIN_REPORT_ALL_DONE)
    print(f"\n{worker_class}: SIGTERM, task released, master exited {elapsed:.2f} s after the signal")


def test_max_requests_recycling_lets_the_task_of_the_last_request_finish(start_server):
    server = start_server("sync", "--max-requests", "1")
    worker_pid = server.start_task("recycled")
    server.log.wait_for("Autorestarting worker after current request.")
    server.log.wait_for(f"Worker exiting (pid: {worker_pid})")
    assert server.finished("recycled") is None
    assert not process_is_gone(worker_pid)  # still alive, draining
    server.release("recycled")
    server.log.wait_for(DRAIN_REPORT_ALL_DONE)
    wait_until_gone(worker_pid)
    assert server.finished("recycled") == str(worker_pid)
    server.log.wait_for("Booting worker with pid", occurrences=2)  # the master carries on with a new worker
    assert server.process.poll() is None
    print("\nsync, --max-requests 1: the recycled worker finished its task, then exited")


def test_a_task_longer_than_the_graceful_timeout_is_killed_with_its_worker_and_not_reported(start_server):
    graceful_timeout = 1
    server = start_server("sync", "--graceful-timeout", str(graceful_timeout))
    worker_pid = server.start_task("too-long")
    signalled = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    server.log.wait_for(f"Worker exiting (pid: {worker_pid})")  # it reached the drain
    assert server.wait_for_exit() == 0
    elapsed = time.monotonic() - signalled
    wait_until_gone(worker_pid)
    # The pool's 10 s exit_deadline never came: the master's SIGKILL ended the drain first.
    assert graceful_timeout <= elapsed < graceful_timeout + 2
    assert server.finished("too-long") is None
    assert DRAIN_REPORT_PREFIX not in server.log.text()
    print(f"\nsync, --graceful-timeout {graceful_timeout}: worker killed, master exited after {elapsed:.2f} s")


def test_an_exit_deadline_under_the_graceful_timeout_reports_the_stuck_task_and_the_worker_exits_itself(
    start_server,
):
    exit_deadline, graceful_timeout = 0.5, 5
    server = start_server(
        "sync", "--graceful-timeout", str(graceful_timeout),
        environment={gated.EXIT_DEADLINE_VARIABLE: str(exit_deadline)},
    )
    worker_pid = server.start_task("stuck")
    signalled = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    server.log.wait_for(DRAIN_REPORT_GAVE_UP)
    assert server.wait_for_exit() == 0
    elapsed = time.monotonic() - signalled
    wait_until_gone(worker_pid)
    # The drain gave up at its own deadline, long before the master would have sent SIGKILL.
    assert exit_deadline <= elapsed < graceful_timeout
    assert server.finished("stuck") is None
    assert "SIGKILL" not in server.log.text()
    print(f"\nsync, exit_deadline {exit_deadline} s: stuck task reported, master exited after {elapsed:.2f} s")


def test_a_bad_exit_deadline_in_the_environment_is_a_clear_error(monkeypatch):
    monkeypatch.setenv(gated.EXIT_DEADLINE_VARIABLE, "soon")
    with pytest.raises(ImproperlyConfigured, match="SLOW_WORK_EXIT_DEADLINE must be a number of seconds, got 'soon'"):
        gated.exit_deadline_from_environment()


def test_without_a_trace_directory_the_gated_view_refuses_and_starts_nothing(client, monkeypatch):
    monkeypatch.delenv(gated.TRACE_DIR_VARIABLE, raising=False)
    response = client.post("/slow/gated/anything/")
    assert response.status_code == 404
    assert response.json() == {"error": "gated tasks are off: set SLOW_WORK_TRACE_DIR to a directory"}
