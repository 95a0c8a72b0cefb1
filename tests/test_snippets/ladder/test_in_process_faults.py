"""A thread, the helper's pool or an asyncio task lives in the web process: SIGKILL it and the
work is gone.

Each test runs the sign-up view a page shows, in its example project (``workers.ExampleProject``):
the thread of snippets/how_to/thread_signup/ (the "before" of the move to a queue), the background
helper of snippets/django_project/ and the asyncio task of snippets/ladder/asyncio/. The user's
address ``hold-...`` makes the test email backend write which process started sending, then wait
(``tests/helpers/journal_email_backend.py``); the test SIGKILLs that process mid-email and checks
that nothing anywhere sends the email afterwards: there is no queue to take it from.
"""

import shlex

import pytest

from tests.test_snippets.ladder import web_server, workers
from tools import free_port

# A web process that serves one sign-up through Django's test client, then stays alive with
# the work it started, as a server does. The example project redirects plain HTTP to HTTPS,
# hence ``secure``: the request arrives as it does through the HTTPS proxy.
SERVE_ONE_SIGNUP = """
from django.test import Client

response = Client().post("/signup/", {{"username": "eve", "email": {email!r}}}, secure=True)
assert response.status_code == 201, response.content
"""


def kill_the_process_that_sends(project, email: str, server: workers.Worker) -> int:
    pid = workers.kill_task_process(project.outbox, email)
    workers.wait_until(
        lambda: web_server.is_gone(pid), f"process {pid} to be gone", server
    )
    workers.release(project.outbox)  # whatever could still send it may go ahead now
    return pid


def web_process(project, email: str):
    code = SERVE_ONE_SIGNUP.format(email=email)
    return project.start(
        shlex.join(["python", "manage.py", "shell", "--no-imports", "-c", code]),
        log_name="web.log",
    )


def view_in_a_web_process(relative_dir: str):
    """Run the sign-up view of ``relative_dir`` in a web process; SIGKILL it mid-email."""

    def run(tmp_path, email):
        project = workers.ExampleProject(relative_dir, tmp_path)
        project.migrate()
        with web_process(project, email) as web:
            pid = kill_the_process_that_sends(project, email, web)
            assert pid == web.process.pid
            web.wait_for_exit()
        return project

    return run


thread_in_a_view = view_in_a_web_process("how_to/thread_signup")
helper_in_a_view = view_in_a_web_process("django_project")


def asyncio_task_in_a_view(tmp_path, email):
    port = free_port()
    project = workers.ExampleProject(
        "ladder/asyncio",
        tmp_path,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        **web_server.gunicorn_options(port),
    )
    project.migrate()
    server_command = workers.shown_command(
        "ladder/asyncio.md",
        "gunicorn signup_project.asgi:application --worker-class asgi",
    )
    with project.start(server_command, log_name="server.log") as server:
        web_server.wait_until_listening(port, server)
        assert (
            web_server.post_form(port, "/signup/", {"username": "eve", "email": email})
            == 201
        )
        workers.wait_until(
            lambda: workers.started_count(project.outbox, email) == 1,
            "the email to start",
            server,
        )
        # The task runs in the server's worker process, not in the gunicorn master.
        assert (
            web_server.parent_pid(web_server.sender_pid(project.outbox, email))
            == server.process.pid
        )
        kill_the_process_that_sends(project, email, server)
        # The master starts a new worker, which knows nothing of the task: a later sign-up's
        # email goes out, the killed one's never does.
        later = workers.address("ada")
        workers.wait_until(
            lambda: (
                web_server.post_form(
                    port, "/signup/", {"username": "ada", "email": later}
                )
                == 201
            ),
            "the new worker to answer",
            server,
        )
        workers.wait_until(
            lambda: workers.sent(project.outbox, later),
            "the later email to go out",
            server,
        )
    return project


@pytest.mark.shows("thread", "survives_worker_kill", outcome="lost")
@pytest.mark.shows("helper", "survives_worker_kill", outcome="lost")
@pytest.mark.shows("asyncio", "survives_worker_kill", outcome="lost")
@pytest.mark.parametrize(
    "run",
    [thread_in_a_view, helper_in_a_view, asyncio_task_in_a_view],
    ids=["thread", "helper", "asyncio"],
)
def test_work_in_a_killed_web_process_is_lost(run, tmp_path):
    email = workers.address("hold")
    project = run(tmp_path, email)
    assert workers.started_count(project.outbox, email) == 1
    assert not workers.sent(project.outbox, email)
