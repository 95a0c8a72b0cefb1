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
from tests.test_snippets.ladder.django_tasks import django_tasks_project
from tests.test_snippets.ladder.django_tasks.django_tasks_project import PAGE, WORKER

# What db_worker logs when it takes the first SIGTERM.
STOPPING = "shutting down gracefully"


@pytest.mark.shows(
    "django_tasks", "survives_graceful_stop", outcome="lost", variant="past_grace"
)
def test_task_still_running_when_the_grace_period_ends_is_killed_and_lost(project):
    hold = workers.address("hold")
    workers.sign_up(project, hold)
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until_started(project, hold, worker)
        stopped = graceful_stop.stop_like_a_deploy(worker, acknowledged=STOPPING)
    assert stopped.killed, "the worker waited for its task until the SIGKILL"
    workers.release(project.outbox)
    django_tasks_project.assert_left_running_and_never_run_again(project, hold)
