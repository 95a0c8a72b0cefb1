"""snippets/deploy/uwsgi.ini: uWSGI 2.0.30 serves the sign-up project; the background helper
sends the welcome email and drains at a reload and at a stop.

Each test runs ``uwsgi --ini`` on a copy of the shown file (``uwsgi_server.py``: the reader's
folder, virtualenv and address replaced, and the option a test varies) for the example
project ``snippets/django_project``, whose sign-up view hands the email to the helper's
default pool (``background.py``). A ``hold-`` address keeps the task running until the test
releases it; the helper's drain report and uWSGI's log land in the same file.

What uWSGI does (``core/uwsgi.c``, ``core/master.c``, ``plugins/python/python_plugin.c`` of
2.0.30): SIGHUP to the master sends SIGHUP to each worker; an idle worker calls ``exit()``.
SIGTERM with ``die-on-term`` (and SIGINT always) sends SIGINT; without ``die-on-term``,
SIGTERM sends SIGTERM and then restarts the master. A worker's SIGINT and SIGTERM handler
also calls ``exit()``. ``exit()`` runs the Python plugin's hook, which finalises the
interpreter, so Python's ``atexit`` callbacks (the helper's drain) run, unless the worker is
in the middle of a request or ``skip-atexit`` is set. The master sends SIGKILL to a worker
still alive ``worker-reload-mercy`` seconds after it was told to go.
"""

import os
import signal
import sys
import time

import pytest

from tests.test_snippets.deploy import uwsgi_server
from tests.test_snippets.ladder import web_server, workers

DRAINING = "pool background draining 1 tasks for up to 10 s"
ALL_FINISHED = "pool background shut down: 1 finished (0 failed), 0 unfinished: []"
DRAIN_REPORT = "pool background shut down:"
BRUTAL_RELOAD = "...brutally killing workers..."
MASTER_RESTARTED = "gracefully (RE)spawned uWSGI master process"
NO_PYUWSGI = "ModuleNotFoundError: No module named 'pyuwsgi'"


@pytest.fixture
def project(tmp_path):
    return uwsgi_server.helper_project(tmp_path)


def sent_once_more(server) -> None:
    """A new sign-up is answered and its email sent: the server serves again."""
    email = workers.address("ada")
    server.sign_up(email)
    server.wait_until_sent(email)


@pytest.mark.parametrize("lazy_apps", ["true", None], ids=["lazy-apps", "not-lazy"])
def test_the_helper_sends_the_email_from_a_worker_wherever_django_is_loaded(
    project, lazy_apps
):
    with uwsgi_server.serving(project, lazy_apps=lazy_apps) as server:
        email = workers.address("ada")
        server.sign_up(email)
        server.wait_until_sent(email)
        log = server.log()
        worker_pids = server.worker_pids()
        assert len(worker_pids) == int(uwsgi_server.shown_options()["processes"])
        # Where Django was imported: each worker, or the master before the fork.
        loaded_in = {
            int(line.rsplit("pid: ", 1)[1].split()[0])
            for line in log.splitlines()
            if uwsgi_server.APP_READY in line
        }
        if lazy_apps:
            assert loaded_in == set(worker_pids)
        else:
            assert loaded_in == {server.master_pid}


def test_a_graceful_reload_lets_the_running_task_finish_then_serves_again(project):
    with uwsgi_server.serving(project) as server:
        email = workers.address("hold")
        sender = server.start_holding(email)
        os.kill(server.master_pid, signal.SIGHUP)
        server.wait_for_log("Gracefully killing worker")
        server.wait_for_log(DRAINING)
        assert not web_server.is_gone(sender)  # it exits once the task is done
        assert not server.sent(email)
        workers.release(project.outbox)
        server.wait_until_sent(email)
        server.wait_for_log(ALL_FINISHED)
        workers.wait_until(lambda: web_server.is_gone(sender), "the worker to exit")
        # The master runs itself again, in the same process, on the same socket.
        server.wait_for_log(MASTER_RESTARTED)
        server.wait_for_log(f"running {sys.executable}")
        sent_once_more(server)
        assert server.worker.is_alive()


@pytest.mark.parametrize("lazy_apps", ["true", None], ids=["lazy-apps", "not-lazy"])
def test_without_binary_path_a_reload_stops_pyuwsgi_in_a_virtualenv(project, lazy_apps):
    with uwsgi_server.serving(project, binary_path=None, lazy_apps=lazy_apps) as server:
        os.kill(server.master_pid, signal.SIGHUP)
        # The master runs again the interpreter it found at start-up, outside the venv.
        assert server.wait_for_exit() == 1
        log = server.log()
        assert f"running {os.path.realpath(sys.executable)}" in log
        assert NO_PYUWSGI in log


def test_sigterm_stops_uwsgi_once_the_running_task_is_done(project):
    with uwsgi_server.serving(project) as server:
        email = workers.address("hold")
        sender = server.start_holding(email)
        os.kill(server.master_pid, signal.SIGTERM)
        server.wait_for_log(uwsgi_server.KILLING_WORKERS)
        server.wait_for_log(DRAINING)
        assert server.worker.is_alive()  # the master waits for its worker
        assert not server.sent(email)
        workers.release(project.outbox)
        assert server.wait_for_exit() == 0
        assert server.sent(email)
        log = server.log()
        assert ALL_FINISHED in log
        assert log.index(ALL_FINISHED) < log.index(uwsgi_server.GOODBYE)
        assert web_server.is_gone(sender)


def test_without_die_on_term_sigterm_restarts_uwsgi_instead_of_stopping_it(project):
    with uwsgi_server.serving(project, die_on_term=None) as server:
        email = workers.address("hold")
        server.start_holding(email)
        os.kill(server.master_pid, signal.SIGTERM)
        server.wait_for_log(BRUTAL_RELOAD)
        server.wait_for_log(DRAINING)  # the workers drain all the same
        workers.release(project.outbox)
        server.wait_for_log(ALL_FINISHED)
        server.wait_for_log(MASTER_RESTARTED)
        sent_once_more(server)
        assert server.worker.is_alive()
        assert server.sent(email)


def test_a_task_outlasting_the_worker_reload_mercy_is_killed_with_its_worker(project):
    with uwsgi_server.serving(project, worker_reload_mercy="1") as server:
        email = workers.address("hold")
        sender = server.start_holding(email)
        os.kill(server.master_pid, signal.SIGTERM)
        server.wait_for_log(DRAINING)
        server.wait_for_log(uwsgi_server.NO_MERCY)
        workers.wait_until(lambda: web_server.is_gone(sender), "the worker to die")
        assert server.wait_for_exit() == 0
        workers.release(project.outbox)
        # The SIGKILL ended the drain: no report, and the email never went out.
        assert DRAIN_REPORT not in server.log()
        assert workers.started_count(project.outbox, email) == 1
        assert not server.sent(email)


def test_with_skip_atexit_a_stopping_worker_drops_the_running_task(project):
    with uwsgi_server.serving(project, "--skip-atexit") as server:
        email = workers.address("hold")
        sender = server.start_holding(email)
        os.kill(server.master_pid, signal.SIGTERM)
        assert server.wait_for_exit() == 0
        assert web_server.is_gone(sender)
        workers.release(project.outbox)
        log = server.log()
        assert DRAINING not in log
        assert DRAIN_REPORT not in log
        assert not server.sent(email)


def test_reload_mercy_does_not_bound_the_workers_drain(project):
    with uwsgi_server.serving(project, "--reload-mercy", "1") as server:
        email = workers.address("hold")
        server.start_holding(email)
        os.kill(server.master_pid, signal.SIGTERM)
        server.wait_for_log(DRAINING)
        # More than twice reload-mercy; worker-reload-mercy (30 s) is the bound.
        later = time.monotonic() + 2.5
        workers.wait_until(lambda: time.monotonic() > later, "2.5 s", server.worker)
        assert server.worker.is_alive()
        workers.release(project.outbox)
        assert server.wait_for_exit() == 0
        assert server.sent(email)
        assert uwsgi_server.NO_MERCY not in server.log()


def test_harakiri_counts_requests_only_not_the_background_work_after_them(project):
    with uwsgi_server.serving(project, harakiri="1") as server:
        email = workers.address("hold")
        sender = server.start_holding(email)
        # More than twice the limit, counted from the end of the request.
        later = time.monotonic() + 2.5
        workers.wait_until(lambda: time.monotonic() > later, "2.5 s", server.worker)
        workers.release(project.outbox)
        server.wait_until_sent(email)
        assert "HARAKIRI" not in server.log()
        assert not web_server.is_gone(sender)
