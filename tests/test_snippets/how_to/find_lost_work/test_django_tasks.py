"""snippets/how_to/find_lost_work/django_tasks/: the Django Tasks rung's project with the
``requeue_lost_tasks`` command, the sweep that runs again a task whose ``db_worker`` died.

The tests run the project as its reader does (``workers.ExampleProject``): the shown view
enqueues the welcome email, the shown ``db_worker`` runs it and is killed (SIGKILL) while the
SMTP server has not answered (a ``hold-`` address, ``tests/helpers/journal_email_backend.py``),
and the shown command is typed as cron would start it. Half an hour passing is played by
moving the row's ``started_at`` back.
"""

import json

from tests.test_snippets.how_to.variants import differing_files
from tests.test_snippets.ladder import workers

PAGE = "how-to/find-lost-work.md"
PROJECT, RUNG = "how_to/find_lost_work/django_tasks", "ladder/django_tasks"
WORKER = "python manage.py db_worker"
SWEEP = "python manage.py requeue_lost_tasks"
SECRET = {"DJANGO_SECRET_KEY": "only-for-the-tests"}

TASKS = """
import json
from django_tasks_db.models import DBTaskResult
from accounts.tasks import send_welcome_email

tasks = []
for row in DBTaskResult.objects.all():
    result = send_welcome_email.get_result(row.id)
    tasks.append({
        "status": result.status,
        "attempts": result.attempts,
        "errors": [error.exception_class_path for error in result.errors],
    })
print(json.dumps(tasks))
"""

# Half an hour and a minute later, as far as the row can tell.
AGE_THE_RUNNING_ROWS = """
from datetime import timedelta
from django_tasks_db.models import DBTaskResult

for row in DBTaskResult.objects.running():
    row.started_at -= timedelta(minutes=31)
    row.save(update_fields=["started_at"])
"""


def tasks(project) -> list[dict]:
    return json.loads(project.shell(TASKS).strip().splitlines()[-1])


def sweep(project) -> str:
    return project.run(workers.shown_command(PAGE, SWEEP)).strip()


def make_project(tmp_path):
    project = workers.ExampleProject(PROJECT, tmp_path, **SECRET)
    project.migrate()
    return project


def test_a_task_whose_worker_was_killed_runs_again_once_after_the_sweep(tmp_path):
    project = make_project(tmp_path)
    hold = workers.address("hold")
    workers.sign_up(project, hold)
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.kill_task_process(project.outbox, hold)  # db_worker runs tasks itself
        assert worker.wait_for_exit() != 0
    workers.release(project.outbox)  # from now on the SMTP server answers
    assert [task["status"] for task in tasks(project)] == ["RUNNING"]
    # Started a moment ago: the sweep cannot tell it from a task still running.
    assert sweep(project) == "lost tasks requeued: 0, failed: 0"
    project.shell(AGE_THE_RUNNING_ROWS)
    assert sweep(project) == "lost tasks requeued: 1, failed: 0"
    assert [task["status"] for task in tasks(project)] == ["READY"]
    assert sweep(project) == "lost tasks requeued: 0, failed: 0", "once only"
    with project.start(
        workers.shown_command(PAGE, WORKER), log_name="second-worker.log"
    ) as worker:
        workers.wait_until(
            lambda: tasks(project)[0]["status"] == "SUCCESSFUL",
            "the task to run again",
            worker,
        )
    assert tasks(project) == [{"status": "SUCCESSFUL", "attempts": 2, "errors": []}]
    assert workers.started_count(project.outbox, hold) == 2
    assert workers.outbox_lines(project.outbox).count(f"sent {hold}") == 1


# A task whose worker died on each of its three runs: the state three kills and sweeps leave.
LOST_THREE_TIMES = """
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from accounts.tasks import send_welcome_email

user = User.objects.create_user("ada", "ada@example.com")
result = send_welcome_email.enqueue(user.pk)
DBTaskResult.objects.filter(pk=result.id).update(
    status="RUNNING",
    started_at=timezone.now() - timedelta(hours=1),
    worker_ids=["first", "second", "third"],
)
"""


def test_a_task_lost_on_every_attempt_is_failed_not_requeued(tmp_path):
    project = make_project(tmp_path)
    project.shell(LOST_THREE_TIMES)
    assert sweep(project) == "lost tasks requeued: 0, failed: 1"
    assert tasks(project) == [
        {
            "status": "FAILED",
            "attempts": 3,
            "errors": ["accounts.management.commands.requeue_lost_tasks.WorkerLost"],
        }
    ]
    assert sweep(project) == "lost tasks requeued: 0, failed: 0"


def test_the_rest_of_the_project_is_the_rungs():
    assert differing_files(RUNG, PROJECT) == [
        "accounts/management/commands/requeue_lost_tasks.py"
    ]
