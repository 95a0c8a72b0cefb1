"""The move from a thread to Django's Tasks framework: before, snippets/how_to/thread_signup/;
after, snippets/ladder/django_tasks/ (accounts/views.py, accounts/tasks.py, the settings).

Both projects run as their reader runs them (``workers.ExampleProject``). The web process is
``manage.py shell`` posting to the sign-up view with Django's test client; its address
``hold-...`` makes the test email backend write the sending process's pid, then wait for
``workers.release()``.
"""

import json
import shlex
import signal

import pytest

from tests.test_snippets.how_to.diffs import project_diff, shown_diff
from tests.test_snippets.ladder import workers

PAGE = "how-to/move-to-django-tasks.md"
BEFORE, AFTER = "how_to/thread_signup", "ladder/django_tasks"
# The shown settings read the secret key from the environment, as production does.
SECRET = {"DJANGO_SECRET_KEY": "only-for-the-tests"}

# A web process that serves one sign-up, then exits as a server does when it stops.
SERVE_ONE_SIGNUP = """
import json
from django.test import Client

response = Client().post("/signup/", {{"username": "ada", "email": {email!r}}})
print(json.dumps({{"status": response.status_code}}), flush=True)
"""


def sender_pid(outbox, email: str) -> int:
    line = next(
        line
        for line in workers.outbox_lines(outbox)
        if line.startswith(f"started {email} ")
    )
    return int(line.rsplit(" ", 1)[1])


def example_project(relative_dir: str, tmp_path):
    project = workers.ExampleProject(relative_dir, tmp_path, **SECRET)
    project.migrate()
    return project


@pytest.fixture
def before(tmp_path):
    return example_project(BEFORE, tmp_path)


@pytest.fixture
def after(tmp_path):
    return example_project(AFTER, tmp_path)


def web_process(project, email: str):
    code = SERVE_ONE_SIGNUP.format(email=email)
    return project.start(
        shlex.join(["python", "manage.py", "shell", "--no-imports", "-c", code]),
        "web.log",
    )


def responded(web) -> bool:
    return '{"status": 201}' in web.log()


def test_before_a_thread_in_the_web_process_sends_the_email(before):
    email = workers.address("hold")
    with web_process(before, email) as web:
        workers.wait_until(
            lambda: workers.started_count(before.outbox, email) == 1,
            "the thread to send",
            web,
        )
        workers.wait_until(lambda: responded(web), "the response", web)
        assert not workers.sent(before.outbox, email), (
            "the response came before the email"
        )
        assert sender_pid(before.outbox, email) == web.process.pid, (
            "the sender is the web process"
        )
        workers.release(before.outbox)
        # The thread is not a daemon: the process waits for it before it exits.
        assert web.wait_for_exit() == 0, web.log()
    assert workers.sent(before.outbox, email)


def test_before_the_email_dies_with_the_web_process(before):
    email = workers.address("hold")
    with web_process(before, email) as web:
        workers.wait_until(
            lambda: workers.started_count(before.outbox, email) == 1,
            "the thread to send",
            web,
        )
        web.kill()  # SIGKILL, as when a server's worker is killed or its machine goes away
    workers.release(before.outbox)
    assert not workers.sent(before.outbox, email)
    assert web.process.returncode == -signal.SIGKILL


STATUSES = """
import json
from django_tasks_db.models import DBTaskResult

print(json.dumps(list(DBTaskResult.objects.values_list("status", flat=True))))
"""


def task_statuses(project) -> list[str]:
    return json.loads(project.shell(STATUSES).strip().splitlines()[-1])


def test_after_the_request_leaves_a_ready_row_and_db_worker_sends_the_email(after):
    email = workers.address("hold")
    workers.release(after.outbox)  # the email goes through at once
    with web_process(after, email) as web:
        assert web.wait_for_exit() == 0, web.log()
    assert responded(web)
    assert task_statuses(after) == ["READY"]
    assert not workers.outbox_lines(after.outbox), "the web process sent nothing"
    with after.start(
        workers.shown_command(PAGE, "python manage.py db_worker")
    ) as worker:
        workers.wait_until(
            lambda: workers.sent(after.outbox, email),
            "the worker to send the email",
            worker,
        )
        assert sender_pid(after.outbox, email) == worker.process.pid, (
            "the sender is the worker"
        )
        workers.wait_until(
            lambda: task_statuses(after) == ["SUCCESSFUL"],
            "the row to be SUCCESSFUL",
            worker,
        )


@pytest.mark.parametrize(
    ("shown", "path"),
    [
        ("views.diff", "accounts/views.py"),
        ("settings.diff", "signup_project/settings.py"),
    ],
)
def test_the_page_shows_the_real_diff(shown, path):
    assert shown_diff(f"move_to_django_tasks/{shown}") == project_diff(
        BEFORE, AFTER, path
    )
