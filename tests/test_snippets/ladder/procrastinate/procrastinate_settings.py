"""Settings overlay for the Procrastinate rung's tests (``snippets/ladder/procrastinate/``).

On top of ``tests/helpers/example_settings.py`` (the email journal, ``testserver``):

* the project's own PostgreSQL settings, which ``example_settings`` replaced by SQLite:
  each test gives the processes its own database through ``PGDATABASE`` (and ``PGHOST``,
  ``PGPORT``, ``PGUSER``), as a reader's environment does;
* heartbeats every 0.5 s, and a worker silent for 3 s counts as dead (the project's
  10 s and 30 s), so that a killed worker's job is found stalled in seconds;
* with ``PROCRASTINATE_TEST_EVERY_SECOND=1``, every periodic task of the project every
  second instead of its own cron;
* with ``PROCRASTINATE_TEST_RETRY_AT_ONCE=1``, the welcome email's retry strategy
  without its waits (5, 25 and 125 s): same attempts, same exceptions;
* with ``PROCRASTINATE_TEST_WITHOUT_STALLED_RETRY=1``, the project without its periodic
  ``retry_stalled_jobs``, as Procrastinate is out of the box.

The switches change the app once its tasks are registered, through Procrastinate's
``PROCRASTINATE_ON_APP_READY`` hook; the shown ``accounts/tasks.py`` stays as it is.
"""

import os

import attr

from signup_project import settings as project
from tests.helpers.example_settings import *  # noqa: F403

# The project's PostgreSQL, over the SQLite of example_settings.
DATABASES = project.DATABASES

PROCRASTINATE_WORKER_DEFAULTS = {
    **project.PROCRASTINATE_WORKER_DEFAULTS,
    "update_heartbeat_interval": 0.5,
    "stalled_worker_timeout": 3,
}
PROCRASTINATE_ON_APP_READY = (
    "tests.test_snippets.ladder.procrastinate.procrastinate_settings.for_tests"
)

EVERY_SECOND = "* * * * * *"  # Procrastinate's optional sixth column: seconds
# The registry's key: the task's name and its periodic_id (none given).
STALLED_RETRY = ("accounts.tasks.retry_stalled_jobs", "")


def for_tests(app):
    if os.environ.get("PROCRASTINATE_TEST_EVERY_SECOND") == "1":
        registry = app.periodic_registry.periodic_tasks
        for key, periodic_task in list(registry.items()):
            registry[key] = attr.evolve(periodic_task, cron=EVERY_SECOND)
    if os.environ.get("PROCRASTINATE_TEST_RETRY_AT_ONCE") == "1":
        task = app.tasks["accounts.tasks.send_welcome_email"]
        task.retry_strategy = attr.evolve(task.retry_strategy, exponential_wait=0)
    if os.environ.get("PROCRASTINATE_TEST_WITHOUT_STALLED_RETRY") == "1":
        del app.periodic_registry.periodic_tasks[STALLED_RETRY]
