"""A thread, the helper's pool or an asyncio task lives in the web process: a deploy stops that
process (gunicorn here) with SIGTERM while the work runs.

Each test serves the sign-up view a page shows with gunicorn, over HTTP: the thread of
snippets/how_to/thread_signup/ (the "before" of the move to a queue), the background helper of
snippets/django_project/ and the asyncio task of snippets/ladder/asyncio/ (under the ASGI server
command its page shows). The user's address ``hold-...`` makes the test email backend write which
process started sending, then wait for ``workers.release()``
(``tests/helpers/journal_email_backend.py``). ``graceful_stop`` stops the server as a deploy
does: SIGTERM to gunicorn's master, which passes it to its worker and waits for it (up to its
``--graceful-timeout``, 30 s by default), then SIGKILL to all of them once the deploy's grace
period is over.

The helper's own limit, its 10 s ``exit_deadline``, and gunicorn's ``--graceful-timeout`` are
shown in ``tests/test_snippets/django_project/test_background_under_gunicorn_limits.py``.
"""

import http.client
import shlex
import urllib.parse
from dataclasses import dataclass

import pytest

from tests.test_snippets.ladder import graceful_stop, web_server, workers
from tools import free_port

# What gunicorn's master logs when it takes a SIGTERM (its default log level is info).
STOPPING = "Handling signal: term"


@dataclass(frozen=True)
class WebOption:
    project_dir: str
    server: str  # the command that serves it
    behind_https_proxy: bool  # the project redirects plain HTTP to HTTPS


THREAD = WebOption(
    "how_to/thread_signup",
    # The project has no wsgi.py of its own: Django's application, built by gunicorn.
    shlex.join(["gunicorn", "django.core.wsgi:get_wsgi_application()"]),
    behind_https_proxy=False,
)
HELPER = WebOption("django_project", "gunicorn signup_project.wsgi:application", True)
ASYNCIO = WebOption(
    "ladder/asyncio",
    workers.shown_command(
        "ladder/asyncio.md",
        "gunicorn signup_project.asgi:application --worker-class asgi",
    ),
    behind_https_proxy=False,
)
OPTIONS = {"thread": THREAD, "helper": HELPER, "asyncio": ASYNCIO}


def post_signup(port: int, email: str, behind_https_proxy: bool) -> int:
    """POST the sign-up form as a browser on the site does; the response's status."""
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={web_server.CSRF_TOKEN}",
        "X-CSRFToken": web_server.CSRF_TOKEN,
    }
    if behind_https_proxy:
        # What the HTTPS proxy in front adds; over HTTPS, Django's CSRF check also
        # wants the page's origin.
        headers |= {
            "X-Forwarded-Proto": "https",
            "Origin": f"https://127.0.0.1:{port}",
        }
    form = urllib.parse.urlencode({"username": email.split("@")[0], "email": email})
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=workers.WAIT_SECONDS
    )
    try:
        connection.request("POST", "/signup/", form, headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@pytest.fixture
def served(request, tmp_path):
    """The option's project, served by gunicorn, with a sign-up whose email holds.

    The test names the option (``indirect`` parametrization): ``thread``, ``helper`` or
    ``asyncio``, the ids of ``docs/decide/options.yml``.
    """
    option = OPTIONS[request.param]
    port = free_port()
    project = workers.ExampleProject(
        option.project_dir,
        tmp_path,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        **web_server.gunicorn_options(port),
    )
    project.migrate()
    email = workers.address("hold")
    with project.start(option.server, log_name="server.log") as server:
        web_server.wait_until_listening(port, server)
        assert post_signup(port, email, option.behind_https_proxy) == 201
        workers.wait_until_started(project, email, server, "the email to start")
        # In gunicorn's worker process, not in the master that takes the signal.
        sender = web_server.sender_pid(project.outbox, email)
        assert web_server.parent_pid(sender) == server.process.pid
        yield request.param, project, server, email
    workers.release(project.outbox)  # no email outlives its test waiting


@pytest.mark.shows(
    "thread", "survives_graceful_stop", outcome="finished", variant="sigterm"
)
@pytest.mark.shows(
    "helper", "survives_graceful_stop", outcome="finished", variant="sigterm"
)
@pytest.mark.shows(
    "asyncio", "survives_graceful_stop", outcome="finished", variant="sigterm"
)
@pytest.mark.parametrize("served", ["thread", "helper", "asyncio"], indirect=True)
def test_sigterm_to_the_server_lets_the_running_work_finish(served):
    option, project, server, email = served

    def let_the_email_end():
        assert server.is_alive(), "the server waits for its worker"
        assert not workers.sent(project.outbox, email)
        workers.release(project.outbox)

    stopped = graceful_stop.stop_like_a_deploy(
        server,
        grace=workers.WAIT_SECONDS,
        acknowledged=STOPPING,
        then=let_the_email_end,
    )
    assert (stopped.killed, stopped.exit_code) == (False, 0), server.log()
    assert workers.sent(project.outbox, email)
    if option == "helper":
        assert "pool background shut down: 1 finished (0 failed)" in server.log()


@pytest.mark.shows(
    "thread", "survives_graceful_stop", outcome="lost", variant="past_grace"
)
@pytest.mark.shows(
    "helper", "survives_graceful_stop", outcome="lost", variant="past_grace"
)
@pytest.mark.shows(
    "asyncio", "survives_graceful_stop", outcome="lost", variant="past_grace"
)
@pytest.mark.parametrize("served", ["thread", "helper", "asyncio"], indirect=True)
def test_work_still_running_when_the_grace_period_ends_is_lost(served):
    _, project, server, email = served
    stopped = graceful_stop.stop_like_a_deploy(server, acknowledged=STOPPING)
    assert stopped.killed, "the server waited for its worker until the SIGKILL"
    workers.release(project.outbox)
    # The work lived in the killed worker process: nothing anywhere runs it again.
    assert workers.started_count(project.outbox, email) == 1
    assert not workers.sent(project.outbox, email)
