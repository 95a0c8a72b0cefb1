"""An example project served by an ASGI server (uvicorn, Granian), with one sign-up in flight.

Shared by the tests of the asyncio rung and of the background helper under uvicorn and Granian.
``held_signup`` starts the command a page shows in the project's folder (the port goes through
the server's own environment variable, so the typed command stays the shown one), posts the
sign-up form over HTTP with a ``hold-`` address, and waits until the email has started: the
journal email backend then keeps it in flight until ``workers.release()``. ``stop`` sends the
server's main process a signal as a process manager does (``graceful_stop``), waits for the
server to say it is stopping, and checks that it is still waiting for the held email before
it lets the email end.
"""

import contextlib
import signal
from dataclasses import dataclass
from pathlib import Path

from tests.test_snippets.ladder import graceful_stop, web_server, workers
from tools import free_port

# What each server logs once it has taken a stop signal in its main process.
UVICORN_STOPPING = "Shutting down"
GRANIAN_STOPPING = "Shutting down granian"
# The background helper's drain (snippets/django_project/background.py), in the server's log.
HELPER_DRAINING = "pool background draining 1 tasks for up to 10 s"
HELPER_DRAINED = "pool background shut down: 1 finished (0 failed), 0 unfinished: []"
HELPER_REPORT = "pool background"


@dataclass(frozen=True)
class HeldSignup:
    project: workers.ExampleProject
    server: workers.Worker
    email: str

    @property
    def sender(self) -> int:
        """The process that runs the email (the journal backend wrote its pid)."""
        return web_server.sender_pid(self.project.outbox, self.email)

    def sent(self) -> bool:
        return workers.sent(self.project.outbox, self.email)


@contextlib.contextmanager
def held_signup(tmp_path: Path, project_dir: str, command: str, **env: str):
    """Serve ``project_dir`` with ``command``; yield a ``HeldSignup`` whose email has started.

    The server's program (the command's first word) picks the port variable.
    """
    port = free_port()
    port_options = {
        "uvicorn": web_server.uvicorn_options,
        "granian": web_server.granian_options,
    }[command.split()[0]](port)
    project = workers.ExampleProject(
        project_dir, tmp_path, DJANGO_ALLOWED_HOSTS="127.0.0.1", **port_options, **env
    )
    project.migrate()
    email = workers.address("hold")
    try:
        with project.start(command, log_name="server.log") as server:
            web_server.wait_until_listening(port, server)
            data = {"username": email.split("@")[0], "email": email}
            # The helper's project redirects plain HTTP: it sits behind an HTTPS proxy.
            behind_proxy = project_dir == "django_project"
            status = web_server.post_form(
                port, "/signup/", data, behind_https_proxy=behind_proxy
            )
            assert status == 201, server.log()
            workers.wait_until_started(project, email, server, "the email to start")
            yield HeldSignup(project, server, email)
    finally:
        workers.release(project.outbox)  # no email outlives its test waiting


def stop_and_let_the_email_end(
    held: HeldSignup, stop_signal: signal.Signals, stopping: str, also_logged=()
) -> graceful_stop.Stopped:
    """Send ``stop_signal``; once the server logged ``stopping`` (and ``also_logged``), check
    it still waits with the email unsent, then let the email end. The server's exit."""

    def let_the_email_end():
        for line in also_logged:
            workers.wait_until(
                lambda line=line: line in held.server.log(),
                f"the server to log {line!r}",
                held.server,
            )
        assert held.server.is_alive(), "the server waits for the email"
        assert not held.sent()
        workers.release(held.project.outbox)

    return graceful_stop.stop_like_a_deploy(
        held.server,
        grace=workers.WAIT_SECONDS,
        acknowledged=stopping,
        then=let_the_email_end,
        stop_signal=stop_signal,
    )


def stop_without_waiting(
    held: HeldSignup, stop_signal: signal.Signals
) -> graceful_stop.Stopped:
    """Send ``stop_signal`` and wait for the server's own exit; then let any email end.

    Once the process that ran the email is gone, nothing can send it any more."""
    sender = held.sender
    stopped = graceful_stop.stop_like_a_deploy(
        held.server, grace=workers.WAIT_SECONDS, stop_signal=stop_signal
    )
    workers.wait_until(
        lambda: web_server.is_gone(sender), f"process {sender} to be gone", held.server
    )
    workers.release(held.project.outbox)
    return stopped
