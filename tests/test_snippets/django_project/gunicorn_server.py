"""Run gunicorn on the example project for the tests of the background helper under gunicorn.

``servers(tmp_path)`` (a context manager; each test module makes its ``start_server`` fixture of
it) gives a function that starts gunicorn 27 with one worker,
``--log-level info`` and no control socket, on the example project with the measurement harness's
settings (``benchmarks.settings``, which mount ``benchmarks.slow_work`` under ``slow/``), sets
``SLOW_WORK_TRACE_DIR`` to the test's ``tmp_path``, and waits until the port accepts connections.
``Server.start_task`` POSTs to ``benchmarks.slow_work.gated.start_gated_task`` and returns the
worker's pid once the task has started. Every server is stopped when the test ends, after every
gated task has been released.
"""

import contextlib
import http.client
import json
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from benchmarks.response_time import DJANGO_PROJECT, server_environment
from benchmarks.slow_work import gated
from tests.helpers.waiting import wait_until
from tools import free_port

READY_TIMEOUT = 20.0
WAIT = 10.0  # bound on every wait for the server; each test takes far less when things work
DRAIN_REPORT_ALL_DONE = "pool gated shut down: 1 finished (0 failed), 0 unfinished: []"
DRAIN_REPORT_GAVE_UP = "pool gated shut down: 0 finished (0 failed), 1 unfinished: ['benchmarks.slow_work.gated.wait_for_release']"
DRAIN_REPORT_PREFIX = "pool gated shut down:"


class ServerLog:
    """The server's stderr, read line by line in a thread, so a test can wait for a line to appear."""

    def __init__(self, stream):
        self.lines = []
        self.changed = threading.Condition()
        self.reader = threading.Thread(
            target=self._read, args=(stream,), name="gunicorn-stderr", daemon=True
        )
        self.reader.start()

    def _read(self, stream):
        for line in stream:
            with self.changed:
                self.lines.append(line.rstrip("\n"))
                self.changed.notify_all()

    def wait_for(self, text, occurrences=1, timeout=WAIT):
        """Wait until ``occurrences`` lines contain ``text``; fail the test if that takes over ``timeout`` s."""
        with self.changed:
            seen = self.changed.wait_for(
                lambda: sum(text in line for line in self.lines) >= occurrences, timeout
            )
            assert seen, (
                f"under {occurrences} lines with {text!r} after {timeout} s; the server said:\n{self.text()}"
            )

    def text(self):
        with self.changed:
            return "\n".join(self.lines)


class Server:
    """A gunicorn process serving the example project, with its trace directory and its log."""

    def __init__(self, trace_dir, worker_class, options, environment):
        self.trace_dir = trace_dir
        self.port = free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "signup_project.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "1",
            "--worker-class",
            worker_class,
            "--log-level",
            "info",
            "--no-control-socket",
            *options,
        ]
        env = server_environment(
            **{gated.TRACE_DIR_VARIABLE: str(trace_dir), **environment}
        )
        self.process = subprocess.Popen(
            command,
            cwd=DJANGO_PROJECT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.log = ServerLog(self.process.stderr)
        self._wait_until_listening()

    def _wait_until_listening(self):
        wait_until(self._listening, "gunicorn to listen", READY_TIMEOUT)

    def _listening(self) -> bool:
        # A bare TCP connect, not a request: under --max-requests 1 a probe request would recycle the worker.
        assert self.process.poll() is None, f"gunicorn exited early:\n{self.log.text()}"
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        except OSError:
            return False
        return True

    def start_task(self, name):
        """POST to the gated view; return the worker's pid once the task has written its start file."""
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=READY_TIMEOUT
        )
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
            pytest.fail(
                f"gunicorn still running {WAIT} s after it was told to stop:\n{self.log.text()}"
            )

    def stop(self):
        for started in self.trace_dir.glob(
            "*.started"
        ):  # no task may outlive the test waiting
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


@contextlib.contextmanager
def servers(tmp_path):
    """Yield ``start(worker_class, *options, environment=None) -> Server``; stop every server at exit."""
    started = []

    def start(worker_class, *options, environment=None):
        server = Server(tmp_path, worker_class, options, environment or {})
        started.append(server)
        return server

    try:
        yield start
    finally:
        for server in started:
            server.stop()


def wait_for_file(path, timeout=WAIT):
    wait_until(path.exists, f"{path.name} to appear", timeout)
    return path.read_text()


def process_is_gone(pid):
    """True once ``pid`` has exited (a zombie counts as gone: it runs no code). Linux ``/proc``."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        # Gone before the open, or between the open and the read (ESRCH).
        return True
    return state == "Z"


def wait_until_gone(pid, timeout=WAIT):
    wait_until(lambda: process_is_gone(pid), f"process {pid} to end", timeout)
