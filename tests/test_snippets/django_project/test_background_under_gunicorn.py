"""The background helper inside real gunicorn workers: a normal stop (SIGTERM, ``--max-requests 1``) drains.

Each test starts gunicorn 27 (one worker, ``sync`` or ``gthread``) on the example project, with the
measurement harness's settings, and POSTs to ``benchmarks.slow_work.gated.start_gated_task``, which hands ``wait_for_release`` to a helper pool named
``gated`` (``exit_deadline`` 10 s, the helper's default, unless ``SLOW_WORK_EXIT_DEADLINE`` says
otherwise). The task writes ``<name>.started`` in a directory the test owns, waits until the test
creates ``<name>.release``, then writes ``<name>.finished``: the trace crosses processes and the
test decides when the task may end. gunicorn's log (``--log-level info``) and the helper's drain
report both arrive on the server's stderr. The server is run by ``gunicorn_server.py``; the cases
where gunicorn's own limits cut the drain short are in ``test_background_under_gunicorn_limits.py``.

What gunicorn does (``gunicorn/arbiter.py`` and ``gunicorn/workers/*.py`` in the venv): SIGTERM to the
master makes it send SIGTERM to each worker and wait up to ``--graceful-timeout`` before SIGKILL. A
worker's SIGTERM handler, like reaching ``--max-requests``, only sets ``alive = False``; the worker
leaves its loop, ``spawn_worker`` logs "Worker exiting" and calls ``sys.exit(0)``, and the interpreter
exits normally, so ``atexit`` runs the helper's drain while the process is still alive.
"""

import signal
import time

import pytest
from django.core.exceptions import ImproperlyConfigured

from benchmarks import settings as harness
from benchmarks.slow_work import gated
from tests.test_snippets.django_project.gunicorn_server import (
    DRAIN_REPORT_ALL_DONE,
    process_is_gone,
    servers,
    wait_until_gone,
)


@pytest.fixture
def start_server(tmp_path):
    with servers(tmp_path) as start:
        yield start


@pytest.mark.parametrize("worker_class", ["sync", "gthread"])
def test_sigterm_to_the_master_lets_the_running_task_finish_before_the_worker_exits(
    start_server, worker_class
):
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
    print(
        f"\n{worker_class}: SIGTERM, task released, master exited {elapsed:.2f} s after the signal"
    )


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
    # The master carries on with a new worker.
    server.log.wait_for("Booting worker with pid", occurrences=2)
    assert server.process.poll() is None
    print(
        "\nsync, --max-requests 1: the recycled worker finished its task, then exited"
    )


def test_a_bad_exit_deadline_in_the_environment_is_a_clear_error(monkeypatch):
    monkeypatch.setenv(gated.EXIT_DEADLINE_VARIABLE, "soon")
    with pytest.raises(
        ImproperlyConfigured,
        match="SLOW_WORK_EXIT_DEADLINE must be a number of seconds, got 'soon'",
    ):
        gated.exit_deadline_from_environment()


def test_without_a_trace_directory_the_gated_view_answers_404_with_the_reason(
    client, monkeypatch, settings
):
    # pytest-django loads the project's settings; the harness's mount the view, on plain HTTP.
    settings.ROOT_URLCONF = harness.ROOT_URLCONF
    settings.SECURE_SSL_REDIRECT = harness.SECURE_SSL_REDIRECT
    monkeypatch.delenv(gated.TRACE_DIR_VARIABLE, raising=False)
    response = client.post("/slow/gated/anything/")
    assert response.status_code == 404
    assert response.json() == {
        "error": "gated tasks are off: set SLOW_WORK_TRACE_DIR to a directory"
    }
