"""snippets/ladder/asyncio/ under Granian: the email of the async view's asyncio task goes out
after the response, and what a stop signal does to that task while its email is in flight.

Granian serves the project's ``signup_project/asgi.py`` with the commands the pages show,
typed in the project's folder (``asgi_servers.held_signup``). The sign-up's ``hold-`` address
keeps the email in flight until the test releases it. Granian's main process takes SIGTERM
and SIGINT alike: it sends SIGTERM to its worker and waits for the worker to exit, with no
limit unless ``--workers-kill-timeout`` (or ``GRANIAN_WORKERS_KILL_TIMEOUT``) sets one. The
worker's event loop stops without cancelling the task, and the worker process, as it exits,
waits for the thread that sends the email (Python joins the event loop's executor threads).
"""

import signal

import pytest

from tests.test_snippets.ladder import asgi_servers, web_server, workers

LADDER_PAGE = "ladder/asyncio.md"
HOW_TO_PAGE = "how-to/stop-asgi-servers.md"
PROJECT = "ladder/asyncio"
SERVER = workers.shown_command(
    LADDER_PAGE, "granian --interface asgi signup_project.asgi:application"
)
PRODUCTION = workers.shown_command(
    HOW_TO_PAGE,
    "granian --interface asgi --workers-kill-timeout 30 signup_project.asgi:application",
)
KILLING = "Killing worker-1 after it refused to gracefully stop"


def test_under_granian_the_email_goes_out_after_the_response(tmp_path):
    with asgi_servers.held_signup(tmp_path, PROJECT, SERVER) as held:
        # The response is back (201) and the email still waits, in Granian's worker.
        assert not held.sent()
        assert web_server.parent_pid(held.sender) == held.server.process.pid
        workers.release(held.project.outbox)
        workers.wait_until(held.sent, "the email to go out", held.server)
        assert held.server.is_alive()


@pytest.mark.parametrize("command", [SERVER, PRODUCTION], ids=["default", "kill-30"])
@pytest.mark.parametrize(
    "stop_signal",
    [signal.SIGTERM, signal.SIGINT],
    ids=lambda stop_signal: stop_signal.name,
)
def test_a_stop_signal_lets_the_running_email_finish_before_granian_exits(
    tmp_path, command, stop_signal
):
    with asgi_servers.held_signup(tmp_path, PROJECT, command) as held:
        stopped = asgi_servers.stop_and_let_the_email_end(
            held, stop_signal, asgi_servers.GRANIAN_STOPPING
        )
        assert (stopped.killed, stopped.exit_code) == (False, 0), held.server.log()
        assert held.sent()
        assert KILLING not in held.server.log()


def test_an_email_longer_than_the_workers_kill_timeout_is_killed_with_its_worker(
    tmp_path,
):
    kill_timeout = 1  # the shortest Granian accepts; the page shows 30
    with asgi_servers.held_signup(
        tmp_path,
        PROJECT,
        SERVER,
        GRANIAN_WORKERS_KILL_TIMEOUT=str(kill_timeout),
    ) as held:
        stopped = asgi_servers.stop_without_waiting(held, signal.SIGTERM)
        # Granian's main process killed its worker, then exited by itself.
        assert (stopped.killed, stopped.exit_code) == (False, 0)
        assert kill_timeout <= stopped.seconds < kill_timeout + 5
        assert KILLING in held.server.log()
        assert workers.started_count(held.project.outbox, held.email) == 1
        assert not held.sent()
