"""The background helper inside a real gunicorn worker when gunicorn's limits end the drain.

Same set-up as ``test_background_under_gunicorn.py`` (one ``sync`` worker, the gated task of
``benchmarks.slow_work.gated`` in a pool named ``gated``, trace files in the test's directory), but the task
is never released, so only a deadline can end the worker:

* ``--graceful-timeout`` shorter than the pool's ``exit_deadline``: the master's SIGKILL ends the
  worker in the middle of the drain; no report is logged.
* ``exit_deadline`` shorter than ``--graceful-timeout``: the drain gives up, logs a report naming
  the task, and the worker exits by itself.
* ``--max-requests`` recycling with a drain longer than ``--timeout``: the worker's heartbeat
  (``notify()`` in its request loop) has stopped, so the master's watchdog sends SIGABRT; gunicorn's
  handler raises ``SystemExit`` inside the drain, Python drops it as "Exception ignored in atexit
  callback", and no report is logged.
"""

import signal
import time

import pytest

from benchmarks.slow_work import gated
from tests.test_snippets.django_project.gunicorn_server import (
    DRAIN_REPORT_GAVE_UP,
    DRAIN_REPORT_PREFIX,
    servers,
    wait_until_gone,
)


@pytest.fixture
def start_server(tmp_path):
    with servers(tmp_path) as start:
        yield start


def test_a_task_longer_than_the_graceful_timeout_is_killed_with_its_worker_and_not_reported(
    start_server,
):
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
    print(
        f"\nsync, --graceful-timeout {graceful_timeout}: worker killed, master exited after {elapsed:.2f} s"
    )


def test_an_exit_deadline_under_the_graceful_timeout_reports_the_stuck_task_and_the_worker_exits_itself(
    start_server,
):
    exit_deadline, graceful_timeout = 0.5, 5
    server = start_server(
        "sync",
        "--graceful-timeout",
        str(graceful_timeout),
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
    print(
        f"\nsync, exit_deadline {exit_deadline} s: stuck task reported, master exited after {elapsed:.2f} s"
    )


def test_a_recycled_worker_that_drains_longer_than_the_timeout_is_aborted_and_its_task_lost(
    start_server,
):
    # A worker's heartbeat runs in its request loop only; while atexit drains, the master hears nothing.
    server = start_server("sync", "--max-requests", "1", "--timeout", "1")
    worker_pid = server.start_task("silent")
    server.log.wait_for(f"Worker exiting (pid: {worker_pid})")
    server.log.wait_for(f"WORKER TIMEOUT (pid:{worker_pid})")
    wait_until_gone(worker_pid)
    # gunicorn's SIGABRT handler raises SystemExit inside the drain, which Python reports and drops.
    server.log.wait_for("Exception ignored in atexit callback")
    assert server.finished("silent") is None
    assert DRAIN_REPORT_PREFIX not in server.log.text()
    print(
        "\nsync, --max-requests 1 --timeout 1: draining worker aborted, task lost, no report"
    )
