"""The background helper (snippets/django_project/background.py) under uvicorn: whether its
drain at exit runs when uvicorn stops.

uvicorn serves the example project's ``signup_project/asgi.py`` with the command the how-to
page shows; the sync sign-up view hands the welcome email to ``run_in_background`` (Django
runs a sync view in a thread under ASGI). The ``hold-`` address keeps the email in flight
until the test releases it (``asgi_servers.held_signup``). The helper drains its pools from
``atexit``, so the drain runs only if the interpreter exits normally: after SIGINT it does,
after SIGTERM uvicorn raises the signal again with its default action and the process ends
without running ``atexit``. With ``--workers``, the parent sends SIGTERM to each worker.
"""

import signal

from tests.test_snippets.ladder import asgi_servers, workers

HOW_TO_PAGE = "how-to/stop-asgi-servers.md"
PROJECT = "django_project"
PRODUCTION = workers.shown_command(
    HOW_TO_PAGE,
    "uvicorn signup_project.asgi:application --timeout-graceful-shutdown 30",
)
WITH_WORKERS = workers.shown_command(
    HOW_TO_PAGE, "uvicorn signup_project.asgi:application --workers 2"
)


def test_sigint_lets_the_helper_drain_before_uvicorn_exits(tmp_path):
    with asgi_servers.held_signup(tmp_path, PROJECT, PRODUCTION) as held:
        assert held.sender == held.server.process.pid  # a thread of uvicorn's process
        stopped = asgi_servers.stop_and_let_the_email_end(
            held,
            signal.SIGINT,
            asgi_servers.UVICORN_STOPPING,
            also_logged=[asgi_servers.HELPER_DRAINING],
        )
        assert (stopped.killed, stopped.exit_code) == (False, 0), held.server.log()
        assert held.sent()
        assert asgi_servers.HELPER_DRAINED in held.server.log()


def test_sigterm_ends_uvicorn_before_the_helper_drains_and_the_email_is_lost(tmp_path):
    with asgi_servers.held_signup(tmp_path, PROJECT, PRODUCTION) as held:
        stopped = asgi_servers.stop_without_waiting(held, signal.SIGTERM)
        assert (stopped.killed, stopped.exit_code) == (False, -signal.SIGTERM)
        assert asgi_servers.HELPER_REPORT not in held.server.log()
        assert not held.sent()


def test_with_workers_sigterm_to_the_parent_loses_the_helpers_email(tmp_path):
    with asgi_servers.held_signup(tmp_path, PROJECT, WITH_WORKERS) as held:
        worker = held.sender
        assert worker != held.server.process.pid  # a worker process runs the task
        stopped = asgi_servers.stop_without_waiting(held, signal.SIGTERM)
        assert (stopped.killed, stopped.exit_code) == (False, 0)
        log = held.server.log()
        assert f"Terminated child process [{worker}]" in log
        assert asgi_servers.HELPER_REPORT not in log
        assert not held.sent()
