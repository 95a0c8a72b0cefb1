"""snippets/ladder/procrastinate/accounts/management/commands/queue_status.py and Procrastinate's
own shell, run against real jobs in PostgreSQL (docs/how-to/watch-the-queue.md).

The project runs as its reader runs it (``workers.ExampleProject``) on a database of its own
(``postgres_databases.py``), with the overlay ``procrastinate_settings.py``. A real Procrastinate
worker fails one job for good (a ``down-`` address, its retries without their waits) and is
killed in the middle of another (a ``hold-`` address). That worker runs in ``manage.py shell``
with the project's periodic tasks unregistered, so that no periodic job it defers adds to the
counts. Then, with no worker running, three sign-ups wait and a fourth job is scheduled five
minutes ahead; the oldest waiting job's ``deferred`` event is moved ten minutes back.
"""

import shlex
import sys
import time

import pytest

from tests.test_snippets.ladder import postgres_databases, workers
from tests.test_snippets.ladder.procrastinate import procrastinate_project
from tests.test_snippets.ladder.procrastinate.procrastinate_project import RETRY_AT_ONCE

pytestmark = pytest.mark.postgresql_server
PAGE = "how-to/watch-the-queue.md"
STATUS = "python manage.py queue_status"
LIST_QUEUES = "python manage.py procrastinate shell list_queues"
BACKDATE_SECONDS = 600

# A worker as `manage.py procrastinate worker` runs one (on the connector it uses), without
# the project's periodic tasks.
WORKER_WITHOUT_PERIODIC_TASKS = """
from procrastinate.contrib.django import app
app.periodic_registry.periodic_tasks.clear()
with app.replace_connector(app.connector.get_worker_connector()):
    app.run_worker(listen_notify=False, fetch_job_polling_interval=0.1)
"""
SIGN_UP_THREE_AND_SCHEDULE_ONE = """
from django.contrib.auth.models import User
from django.test import Client
from accounts.tasks import send_welcome_email
for name in ("ann", "bea", "cat"):
    response = Client().post("/signup/", {"username": name, "email": f"{name}@example.com"})
    assert response.status_code == 201, response.content
dan = User.objects.create_user("dan", "dan@example.com")
send_welcome_email.configure(schedule_in={"minutes": 5}).defer(user_id=dan.pk)
"""
# The models are read-only: the test moves the event back in SQL.
BACKDATE_THE_OLDEST = f"""
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute(
        "UPDATE procrastinate_events SET at = at - interval '{BACKDATE_SECONDS} seconds'"
        " WHERE type = 'deferred' AND job_id = (SELECT min(id) FROM procrastinate_jobs"
        " WHERE status = 'todo' AND scheduled_at IS NULL)"
    )
    assert cursor.rowcount == 1
"""


@pytest.fixture
def project(tmp_path):
    postgres_databases.need_postgresql()
    with postgres_databases.fresh_database("procrastinate_watch") as name:
        project = procrastinate_project.example(name, tmp_path, **RETRY_AT_ONCE)
        project.run("python manage.py migrate --verbosity 0")
        yield project


def status(project) -> dict[str, str]:
    """What ``queue_status`` printed, line by line, as ``{label: value}``."""
    printed = project.run(workers.shown_command(PAGE, STATUS))
    return dict(line.split(": ", 1) for line in printed.strip().splitlines())


def test_queue_status_and_list_queues_count_waiting_doing_and_failed_jobs(project):
    assert status(project) == {
        "waiting": "0",
        "oldest waiting": "-",
        "scheduled later": "0",
        "doing": "0",
        "failed": "0",
    }

    down, hold = workers.address("down"), workers.address("hold")
    workers.sign_up(project, down)
    workers.sign_up(project, hold)
    worker_command = [sys.executable, "manage.py", "shell", "--no-imports", "-c"]
    with project.start(shlex.join([*worker_command, WORKER_WITHOUT_PERIODIC_TASKS])):
        # The first run and three retries fail; then the held job starts, and dies.
        workers.kill_task_process(project.outbox, hold)
    assert workers.attempts(project.outbox, down) == 1 + 3
    workers.release(project.outbox)

    before_deferring = time.monotonic()
    project.shell(SIGN_UP_THREE_AND_SCHEDULE_ONE)
    project.shell(BACKDATE_THE_OLDEST)
    seen = status(project)
    since_deferring = time.monotonic() - before_deferring

    age = int(seen.pop("oldest waiting").removesuffix(" s"))
    # Rounded to the second: the backdating, plus at most the time the test took since.
    assert BACKDATE_SECONDS <= age <= BACKDATE_SECONDS + since_deferring + 1
    assert seen == {"waiting": "3", "scheduled later": "1", "doing": "1", "failed": "1"}

    listed = project.run(workers.shown_command(PAGE, LIST_QUEUES)).strip()
    assert listed.splitlines()[-1] == (
        "default: 6 jobs (todo: 4, doing: 1, succeeded: 0, failed: 1, cancelled: 0,"
        " aborted: 0)"
    )
