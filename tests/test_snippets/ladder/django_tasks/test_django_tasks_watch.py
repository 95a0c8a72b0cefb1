"""snippets/ladder/django_tasks/accounts/management/commands/queue_status.py, run against a real
task table: `python manage.py queue_status` counts what waits, how old the oldest is, what runs
and what failed (docs/how-to/watch-the-queue.md).

The test runs the project as its reader does (``workers.ExampleProject``, on its SQLite test
database). A real ``db_worker`` fails one task (a ``down-`` address) and is killed in the middle
of another (a ``hold-`` address); then, with no worker running, three sign-ups wait. The oldest
of them is moved ten minutes back, so that the age the command prints means something.
"""

import time

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.django_tasks import django_tasks_project
from tests.test_snippets.ladder.django_tasks.django_tasks_project import WORKER

PAGE = "how-to/watch-the-queue.md"
STATUS = "python manage.py queue_status"
BACKDATE_SECONDS = 600

SIGN_UP_THREE = """
from django.test import Client
for name in ("ann", "bea", "cat"):
    response = Client().post("/signup/", {"username": name, "email": f"{name}@example.com"})
    assert response.status_code == 201, response.content
"""
# Ten minutes back for the task enqueued first: as if it had waited that long.
BACKDATE_THE_OLDEST = f"""
from datetime import timedelta
from django_tasks_db.models import DBTaskResult

first = DBTaskResult.objects.ready().order_by("enqueued_at").first()
DBTaskResult.objects.filter(pk=first.pk).update(
    enqueued_at=first.enqueued_at - timedelta(seconds={BACKDATE_SECONDS})
)
"""


def status(project) -> dict[str, str]:
    """What ``queue_status`` printed, line by line, as ``{label: value}``."""
    printed = project.run(workers.shown_command(PAGE, STATUS))
    return dict(line.split(": ", 1) for line in printed.strip().splitlines())


def test_queue_status_counts_waiting_running_and_failed_tasks(tmp_path):
    project = django_tasks_project.make_project(tmp_path)
    assert status(project) == {
        "waiting": "0",
        "oldest waiting": "-",
        "running": "0",
        "failed": "0",
    }

    down, hold = workers.address("down"), workers.address("hold")
    workers.sign_up(project, down)
    workers.sign_up(project, hold)
    with project.start(WORKER) as worker:
        workers.wait_until(
            lambda: workers.attempts(project.outbox, down) == 1, "the failure", worker
        )
        # The held task runs next; killing the worker leaves its row RUNNING.
        workers.kill_task_process(project.outbox, hold)
        worker.wait_for_exit()
    workers.release(project.outbox)

    before_enqueueing = time.monotonic()
    project.shell(SIGN_UP_THREE)
    project.shell(BACKDATE_THE_OLDEST)
    seen = status(project)
    since_enqueueing = time.monotonic() - before_enqueueing

    age = int(seen.pop("oldest waiting").removesuffix(" s"))
    # Rounded to the second: the backdating, plus at most the time the test took since.
    assert BACKDATE_SECONDS <= age <= BACKDATE_SECONDS + since_enqueueing + 1
    assert seen == {"waiting": "3", "running": "1", "failed": "1"}
