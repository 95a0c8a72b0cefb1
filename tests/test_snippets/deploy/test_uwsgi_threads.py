"""A plain ``threading.Thread`` that a view starts, under uWSGI 2.0.30 (the ``pyuwsgi`` wheel).

The project is the "before" of the move how-tos, ``snippets/how_to/thread_signup``: its
sign-up view starts a thread, after the commit, that sends the welcome email. uWSGI serves
it with Django's own WSGI application (the project has no ``wsgi.py``), one worker under a
master, on uWSGI's defaults otherwise, with and without ``--enable-threads``. A ``hold-``
address keeps the email task running until the test releases it
(``tests/helpers/journal_email_backend.py``), so the test knows the response has gone and
the worker sits idle, waiting for the next request, while the thread runs.

uWSGI's docs ("A note on Python threads" in the quickstart, "Things to know") say that
without ``--enable-threads`` the GIL is not initialised and threads the application starts
do not run. uWSGI 2.0.27 changed the default ("core/uwsgi: set enable threads by default",
Changelog-2.0.27); these tests show what 2.0.30 does.
"""

import os
import signal

import pytest

from tests.test_snippets.deploy import uwsgi_server
from tests.test_snippets.deploy.uwsgi_server import THREADS_ENABLED
from tests.test_snippets.ladder import web_server, workers
from tools import free_port

THREAD_PROJECT = "how_to/thread_signup"
# What uWSGI 2.0.26 and older log at start-up without --enable-threads.
THREADS_DISABLED = "Python threads support is disabled"
REQUEST_LINE = "POST /signup/ =>"


@pytest.fixture
def project(tmp_path):
    project = workers.ExampleProject(
        THREAD_PROJECT, tmp_path, DJANGO_ALLOWED_HOSTS="127.0.0.1"
    )
    project.migrate()
    return project


def uwsgi_options(port, *extra):
    return [
        "--master",
        "--processes",
        "1",
        "--http-socket",
        f"127.0.0.1:{port}",
        # The project has no wsgi.py of its own: Django's application, built by uWSGI.
        "--module",
        "django.core.wsgi:get_wsgi_application()",
        *extra,
    ]


def start_holding(server, project) -> str:
    email = workers.address("hold")
    status = web_server.post_form(
        server.port, "/signup/", {"username": email.split("@")[0], "email": email}
    )
    assert status == 201
    workers.wait_until_started(project, email, server.worker, "the email to start")
    return email


@pytest.mark.parametrize(
    "enable_threads", [[], ["--enable-threads"]], ids=["default", "enable-threads"]
)
def test_a_thread_started_by_a_view_runs_on_after_the_response_with_or_without_enable_threads(
    project, enable_threads
):
    port = free_port()
    options = uwsgi_options(port, *enable_threads)
    with uwsgi_server.running_uwsgi(project, options, port) as server:
        email = start_holding(server, project)
        # The response has gone: the worker waits for its next request, in C.
        server.wait_for_log(REQUEST_LINE)
        workers.release(project.outbox)
        server.wait_until_sent(email)
        log = server.log()
        assert log.count(REQUEST_LINE) == 1  # no later request woke the worker up
        assert THREADS_ENABLED in log
        assert THREADS_DISABLED not in log


def test_a_stopping_worker_waits_for_the_thread_a_view_started(project):
    port = free_port()
    options = uwsgi_options(port, "--die-on-term")
    with uwsgi_server.running_uwsgi(project, options, port) as server:
        email = start_holding(server, project)
        sender = web_server.sender_pid(project.outbox, email)
        assert sender in server.worker_pids()
        os.kill(server.master_pid, signal.SIGTERM)
        server.wait_for_log(uwsgi_server.KILLING_WORKERS)
        # The worker's interpreter exits as Python does: it joins the thread first.
        workers.wait_until(
            lambda: uwsgi_server.waits_on_a_lock(sender),
            "the worker to wait for its thread",
            server.worker,
        )
        assert not server.sent(email)
        workers.release(project.outbox)
        assert server.wait_for_exit() == 0
        assert server.sent(email)
        log = server.log()
        assert uwsgi_server.GOODBYE in log
        # uWSGI's default bound on that wait, the one this test ran with.
        assert "your mercy for graceful operations on workers is 60 seconds" in log
