"""A web server of an example project, reached over HTTP as a browser reaches it.

Shared by ``test_asyncio.py``, ``test_in_process_faults.py`` and the ASGI server tests
(``asgi_servers.py``): a free port for the server (passed to gunicorn through
``GUNICORN_CMD_ARGS``, to uvicorn through ``UVICORN_PORT``, to Granian through
``GRANIAN_PORT``, so that the typed command stays the shown one), a wait until it listens,
and a form POST that carries a CSRF token as a page's script does.
"""

import http.client
import socket
import urllib.parse
from pathlib import Path

from tests.test_snippets.ladder import workers

# A CSRF cookie's secret, sent back in the header as a page's script does.
CSRF_TOKEN = "t" * 32


def gunicorn_options(port: int) -> dict[str, str]:
    """The environment that makes gunicorn listen on ``port``, with no control socket in $HOME."""
    return {"GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{port} --no-control-socket"}


def uvicorn_options(port: int) -> dict[str, str]:
    """The environment that makes uvicorn listen on ``port`` (its options read ``UVICORN_*``)."""
    return {"UVICORN_PORT": str(port)}


def granian_options(port: int) -> dict[str, str]:
    """The environment that makes Granian listen on ``port`` (its options read ``GRANIAN_*``)."""
    return {"GRANIAN_PORT": str(port)}


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def wait_until_listening(port: int, server: workers.Worker) -> None:
    workers.wait_until(
        lambda: listening(port), f"the server to listen on port {port}", server
    )


def post_form(
    port: int,
    path: str,
    data: dict[str, str],
    csrf_token: str | None = CSRF_TOKEN,
    behind_https_proxy: bool = False,
) -> int:
    """POST ``data`` to the server as a browser on the same site does; the response's status.

    ``behind_https_proxy``: add what the HTTPS proxy in front adds, for a project that
    redirects plain HTTP to HTTPS (over HTTPS, Django's CSRF check also wants the origin).
    """
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if csrf_token:
        headers |= {"Cookie": f"csrftoken={csrf_token}", "X-CSRFToken": csrf_token}
    if behind_https_proxy:
        headers |= {
            "X-Forwarded-Proto": "https",
            "Origin": f"https://127.0.0.1:{port}",
        }
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=workers.WAIT_SECONDS
    )
    try:
        connection.request("POST", path, urllib.parse.urlencode(data), headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def sender_pid(outbox: Path, email: str) -> int:
    """The process that started sending ``email`` (the test email backend wrote its pid)."""
    line = next(
        line
        for line in workers.outbox_lines(outbox)
        if line.startswith(f"started {email} ")
    )
    return int(line.rsplit(" ", 1)[1])


def parent_pid(pid: int) -> int:
    """The parent of a running process (Linux ``/proc``)."""
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def is_gone(pid: int) -> bool:
    """True once ``pid`` has exited; a zombie counts as gone, it runs no code (Linux ``/proc``)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"
