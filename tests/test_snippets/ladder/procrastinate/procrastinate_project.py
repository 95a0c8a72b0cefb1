"""The Procrastinate rung's project, ``snippets/ladder/procrastinate/``, as its tests run it.

Each test runs on a PostgreSQL database of its own (``postgres_databases.py``): a copy of one
database per test module, migrated once, dropped at the end. The overlay is
``procrastinate_settings.py``. The fixtures (``migrated_database``, ``database``,
``project``) are in this folder's ``conftest.py``.
"""

import json

from tests.test_snippets.ladder import postgres_databases, workers

PAGE = "ladder/procrastinate.md"
WORKER = "python manage.py procrastinate worker"
SETTINGS = "tests.test_snippets.ladder.procrastinate.procrastinate_settings"
# The overlay's switches (procrastinate_settings.py).
EVERY_SECOND = {"PROCRASTINATE_TEST_EVERY_SECOND": "1"}
RETRY_AT_ONCE = {"PROCRASTINATE_TEST_RETRY_AT_ONCE": "1"}

# The page's promise: each job is a row, one query away.
READ_JOBS = """
import json
from django.contrib.auth.models import User
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

jobs = {}
for job in ProcrastinateJob.objects.filter(task_name="accounts.tasks.send_welcome_email"):
    jobs[User.objects.get(pk=job.args["user_id"]).email] = {
        "status": job.status,
        "attempts": job.attempts,
        "in_seconds": job.scheduled_at and (job.scheduled_at - timezone.now()).total_seconds(),
        "events": [event.type for event in job.procrastinateevent_set.order_by("id")],
    }
print(json.dumps(jobs))
"""


def example(database, data_dir, **env) -> workers.ExampleProject:
    """The project on the PostgreSQL database ``database``; ``env`` adds to its environment."""
    return workers.ExampleProject(
        "ladder/procrastinate",
        data_dir,
        settings=SETTINGS,
        **workers.SECRET,
        **postgres_databases.environment(database),
        **env,
    )


def worker(project, log_name: str = "worker.log"):
    """The worker command the page shows, running in the project's folder."""
    return project.start(workers.shown_command(PAGE, WORKER), log_name)


def last_json(printed: str):
    return json.loads(printed.strip().splitlines()[-1])


def jobs(project) -> dict[str, dict]:
    """Each welcome email's job, by the address of the user it greets."""
    return last_json(project.shell(READ_JOBS))


def wait_for_status(project, email: str, status: str, running) -> dict:
    workers.wait_until(
        lambda: jobs(project)[email]["status"] == status,
        f"{email}'s job {status}",
        running,
    )
    return jobs(project)[email]
