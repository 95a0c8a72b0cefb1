"""snippets/ladder/django_tasks/: a deploy stops `python manage.py db_worker` while a task runs.

The project runs as its reader runs it (``workers.ExampleProject``), with the worker command the
page shows; a ``hold-`` address keeps the task in the middle of its email until
``workers.release()`` (``tests/helpers/journal_email_backend.py``). ``graceful_stop`` stops the
worker as a deploy does: SIGTERM, then SIGKILL once the grace period is over.

Shown elsewhere, and cited beside this module in ``docs/decide/options.yml``: SIGTERM lets the
running task finish (``test_django_tasks.py``), and a second SIGTERM ends it, recorded FAILED
(``test_django_tasks_defaults.py``).
"""

import pytest

from tests.test_snippets.ladder import graceful_stop, workers
from tests.test_snippets.ladder.test_django_tasks import tasks
from tools import comparison

PAGE = "ladder/django_tasks.md"
WORKER = "python manage.py db_worker"
SECRET = {"DJANGO_SECRET_KEY": "only-for-the-tests"}
# What db_worker logs when it takes the first SIGTERM.
STOPPING = "shutting down gracefully"


@pytest.fixture
def project(tmp_path):
    project = workers.ExampleProject("ladder/django_tasks", tmp_path, **SECRET)
    project.migrate()
    yield project
    workers.release(project.outbox)  # no task outlives its test waiting


def test_task_still_running_when_the_grace_period_ends_is_killed_and_lost(project):
    hold = workers.address("hold")
    workers.sign_up(project, hold)
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until(
            lambda: workers.started_count(project.outbox, hold) == 1,
            "the task to start",
            worker,
        )
        stopped = graceful_stop.stop_like_a_deploy(worker, acknowledged=STOPPING)
    assert stopped.killed, "the worker waited for its task until the SIGKILL"
    workers.release(project.outbox)
    # The row still says RUNNING, and a new worker takes only READY rows.
    with project.start(
        workers.shown_command(PAGE, WORKER), log_name="second-worker.log"
    ) as worker:
        workers.send_and_wait(project, worker)
    assert tasks(project)[hold]["status"] == "RUNNING"
    assert workers.started_count(project.outbox, hold) == 1
    assert not workers.sent(project.outbox, hold)
    assert (
        comparison.outcome("django_tasks", "survives_graceful_stop", "past_grace")
        == "lost"
    )
