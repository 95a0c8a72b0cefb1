"""snippets/ladder/asyncio/ under uvicorn: the email of the async view's asyncio task goes out
after the response, and what a stop signal does to that task while its email is in flight.

uvicorn serves the project's ``signup_project/asgi.py`` with the commands the pages show,
typed in the project's folder (``asgi_servers.held_signup``). The sign-up's ``hold-`` address
keeps the email in flight until the test releases it. A single uvicorn process takes SIGINT
as a graceful stop: it closes its connections, then its event loop ends (``asyncio.run()``),
which cancels the task and waits for the thread that sends the email. SIGTERM runs the same
shutdown, then uvicorn raises the signal again with its default action, which ends the
process at once, thread and email with it. With ``--workers``, the parent takes the signal
and sends SIGTERM to each worker. ``--timeout-graceful-shutdown`` bounds the wait for
requests in progress; the task's email is not one.
"""

import signal

import pytest

from tests.test_snippets.ladder import asgi_servers, workers

LADDER_PAGE = "ladder/asyncio.md"
HOW_TO_PAGE = "how-to/stop-asgi-servers.md"
PROJECT = "ladder/asyncio"
SERVER = workers.shown_command(LADDER_PAGE, "uvicorn signup_project.asgi:application")
PRODUCTION = workers.shown_command(
    HOW_TO_PAGE,
    "uvicorn signup_project.asgi:application --timeout-graceful-shutdown 30",
)
WITH_WORKERS = workers.shown_command(
    HOW_TO_PAGE, "uvicorn signup_project.asgi:application --workers 2"
)


def test_under_uvicorn_the_email_goes_out_after_the_response(tmp_path):
    with asgi_servers.held_signup(tmp_path, PROJECT, SERVER) as held:
        # The response is back (201) and the email still waits, in uvicorn's own process.
        assert not held.sent()
        assert held.sender == held.server.process.pid
        workers.release(held.project.outbox)
        workers.wait_until(held.sent, "the email to go out", held.server)
        assert held.server.is_alive()


def test_sigint_lets_the_running_email_finish_before_uvicorn_exits(tmp_path):
    with asgi_servers.held_signup(tmp_path, PROJECT, PRODUCTION) as held:
        stopped = asgi_servers.stop_and_let_the_email_end(
            held, signal.SIGINT, asgi_servers.UVICORN_STOPPING
        )
        assert (stopped.killed, stopped.exit_code) == (False, 0), held.server.log()
        assert held.sent()


@pytest.mark.parametrize("command", [SERVER, PRODUCTION], ids=["default", "timeout-30"])
def test_sigterm_ends_uvicorn_at_once_and_the_email_is_lost(tmp_path, command):
    with asgi_servers.held_signup(tmp_path, PROJECT, command) as held:
        stopped = asgi_servers.stop_without_waiting(held, signal.SIGTERM)
        # uvicorn's own exit, by the SIGTERM it raised again, well before its 30 s timeout.
        assert (stopped.killed, stopped.exit_code) == (False, -signal.SIGTERM)
        assert stopped.seconds < 10
        assert asgi_servers.UVICORN_STOPPING in held.server.log()
        assert workers.started_count(held.project.outbox, held.email) == 1
        assert not held.sent()


@pytest.mark.parametrize(
    "stop_signal",
    [signal.SIGTERM, signal.SIGINT],
    ids=lambda stop_signal: stop_signal.name,
)
def test_with_workers_a_stop_signal_to_the_parent_loses_the_email(
    tmp_path, stop_signal
):
    with asgi_servers.held_signup(tmp_path, PROJECT, WITH_WORKERS) as held:
        worker = held.sender
        assert worker != held.server.process.pid  # a worker process runs the task
        stopped = asgi_servers.stop_without_waiting(held, stop_signal)
        assert (stopped.killed, stopped.exit_code) == (False, 0)
        log = held.server.log()
        assert f"Terminated child process [{worker}]" in log
        assert not held.sent()
