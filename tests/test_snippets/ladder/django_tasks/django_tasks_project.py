"""The django-tasks-db rung's project, ``snippets/ladder/django_tasks/``, as its tests run it.

The queue is the project's database (a table of task rows), so each test has its own.
The ``project`` fixture is in this folder's ``conftest.py``.
"""

import json

from tests.test_snippets.ladder import workers

PAGE = "ladder/django_tasks.md"
WORKER = "python manage.py db_worker"

# The page's promise: a task's state is one query away, through the Tasks API.
READ_TASKS = """
import json
from django.contrib.auth.models import User
from django_tasks_db.models import DBTaskResult
from accounts.tasks import send_welcome_email

tasks = {}
for row in DBTaskResult.objects.all():
    result = send_welcome_email.get_result(row.id)
    tasks[User.objects.get(pk=result.args[0]).email] = {
        "status": result.status,
        "errors": [error.exception_class_path for error in result.errors],
        "attempts": result.attempts,
        "run_after": row.run_after.timestamp(),
        "started_at": result.started_at and result.started_at.timestamp(),
        "return_value": result.return_value if result.status == "SUCCESSFUL" else "none yet",
    }
print(json.dumps(tasks))
"""


def make_project(data_dir) -> workers.ExampleProject:
    project = workers.ExampleProject("ladder/django_tasks", data_dir, **workers.SECRET)
    project.migrate()
    return project


def tasks(project: workers.ExampleProject) -> dict[str, dict]:
    """Each task row, by the address of the user it greets."""
    return json.loads(project.shell(READ_TASKS).strip().splitlines()[-1])


def assert_left_running_and_never_run_again(
    project: workers.ExampleProject, email: str
) -> None:
    """The task of ``email``, whose worker died, stays RUNNING; a new worker takes only READY
    rows, so it sends a later email and never this one."""
    with project.start(
        workers.shown_command(PAGE, WORKER), log_name="second-worker.log"
    ) as worker:
        workers.send_and_wait(project, worker)
    assert tasks(project)[email]["status"] == "RUNNING"
    assert workers.started_count(project.outbox, email) == 1
    assert not workers.sent(project.outbox, email)
