"""snippets/ladder/asyncio/: the sign-up project whose async view sends the welcome email from an
asyncio task, and lost_reference.py, which shows why the view keeps its tasks in a set.

The project runs as its reader runs it (``workers.ExampleProject``): under the ASGI server command
the page shows, over real HTTP, and under Django's WSGI request handling, through Django's test
client in ``manage.py shell`` (the test client runs a view as the WSGI handler does). An address
``hold-...`` makes the test email backend write ``started``, then wait for ``workers.release()``,
so the test sees whether the response left before the email did.
"""

import threading
import uuid

import pytest

from tests.helpers.snippets import expected_output, run_snippet
from tests.test_snippets.ladder import web_server, workers
from tests.test_snippets.ladder.web_server import parent_pid, post_form, sender_pid
from tools import free_port

PAGE = "ladder/asyncio.md"
SERVER = "gunicorn signup_project.asgi:application --worker-class asgi"
# The shown settings read the host names from the environment (ExampleProject sets the secret key).
ENVIRONMENT = {"DJANGO_ALLOWED_HOSTS": "127.0.0.1"}


def an_address(kind: str) -> str:
    return f"{kind}-{uuid.uuid4().hex[:8]}@example.com"


@pytest.fixture
def project(tmp_path):
    port = free_port()
    project = workers.ExampleProject(
        "ladder/asyncio", tmp_path, **ENVIRONMENT, **web_server.gunicorn_options(port)
    )
    project.port = port
    project.migrate()
    yield project
    workers.release(project.outbox)  # no email outlives its test waiting


def start_server(project):
    return project.start(workers.shown_command(PAGE, SERVER), log_name="server.log")


def test_under_asgi_the_email_goes_out_after_the_response(project):
    email = an_address("hold")
    with start_server(project) as server:
        web_server.wait_until_listening(project.port, server)
        assert (
            post_form(project.port, "/signup/", {"username": "ada", "email": email})
            == 201
        )
        # The response is back; the task started on the server's loop, its email still waits.
        workers.wait_until(
            lambda: workers.started_count(project.outbox, email) == 1,
            "the task to start",
            server,
        )
        assert not workers.sent(project.outbox, email)
        # It runs in the server's worker process (gunicorn starts one by default).
        assert parent_pid(sender_pid(project.outbox, email)) == server.process.pid
        workers.release(project.outbox)
        workers.wait_until(
            lambda: workers.sent(project.outbox, email), "the email to go out", server
        )
        assert server.is_alive()


def test_under_asgi_a_post_without_the_csrf_token_is_refused(project):
    with start_server(project) as server:
        web_server.wait_until_listening(project.port, server)
        data = {"username": "mallory", "email": an_address("mallory")}
        assert post_form(project.port, "/signup/", data, csrf_token=None) == 403
    assert (
        project.shell(
            "from django.contrib.auth.models import User; print(User.objects.count())"
        ).strip()
        == "0"
    )


def test_under_wsgi_the_request_waits_for_the_email(project):
    email = an_address("hold")
    outcome = {}

    def request():
        outcome["response"] = project.post(
            "/signup/", {"username": "bob", "email": email}
        )

    web = threading.Thread(target=request)
    web.start()
    workers.wait_until(
        lambda: workers.started_count(project.outbox, email) == 1, "the email to start"
    )
    # The email is held until the release: a request that had not waited for it would be done.
    assert web.is_alive(), "the request answered before the email went out"
    workers.release(project.outbox)
    web.join(timeout=workers.WAIT_SECONDS)
    status, _ = outcome["response"]
    assert status == 201
    # Django runs the async view in an event loop made for this request; closing that loop
    # cancels the task and waits for its thread, so the email went out before the response.
    assert workers.sent(project.outbox, email)


# In the project, through Django's ASGI request handling (its AsyncClient): how many tasks the
# view keeps while its email waits, and after the email went out.
KEPT_REFERENCES = """
import asyncio
from pathlib import Path
from django.test import AsyncClient
from accounts import views

async def main():
    response = await AsyncClient().post("/signup/", {{"username": "cy", "email": {email!r}}})
    pending = len(views.background_tasks)
    Path({release!r}).touch()  # the test's go-ahead for the held email
    await asyncio.gather(*views.background_tasks)
    print(response.status_code, pending, len(views.background_tasks))

asyncio.run(main())
"""


def test_the_view_keeps_its_task_until_the_task_is_done(project):
    email = an_address("hold")
    release = project.outbox.with_suffix(".release")
    printed = project.shell(KEPT_REFERENCES.format(email=email, release=str(release)))
    assert printed.split() == ["201", "1", "0"]
    assert workers.sent(project.outbox, email)


def test_a_signup_without_a_username_or_an_email_is_a_clear_400(project):
    assert project.post("/signup/", {"username": "dee"}) == (
        400,
        {"error": "send a username and an email"},
    )


def test_a_task_without_a_reference_is_destroyed():
    snippet = "ladder/asyncio/lost_reference.py"
    output = workers.in_a_fresh_thread(run_snippet, snippet)
    assert output == expected_output(snippet)
    assert "Task was destroyed but it is pending!" in output
