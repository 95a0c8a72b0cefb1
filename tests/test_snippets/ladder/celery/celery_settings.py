"""Test settings for snippets/ladder/celery/: the project's own, with what the tests must own.

Loaded with ``ExampleProject(..., settings="tests.test_snippets.ladder.celery.celery_settings")``.
On top of ``tests/helpers/example_settings.py`` (the test's database, the email journal):

* a queue of the tests' own, so that nothing else on the shared brokers takes from it;
* one pool process and no wait between retries, so that each test runs in seconds (the
  project keeps Celery's defaults);
* the beat schedule of the project, every second instead of every morning, its state file
  in the test's folder;
* with ``CELERY_TEST_DEFAULT_ACKS=1``, the welcome task as it is without ``acks_late`` and
  ``reject_on_worker_lost``: Celery's default early acknowledgement.
"""

import os

from signup_project.settings import CELERY_BEAT_SCHEDULE
from tests.helpers.example_settings import *  # noqa: F403
from tests.helpers.example_settings import TEST_DATA

CELERY_TASK_DEFAULT_QUEUE = "toq_ladder_celery"

# One pool process, not one per CPU: fewer forks to wait for at start, and the worker
# notices a killed pool process at once. (With two, it noticed only at its periodic
# pool check, up to 5 s later.)
CELERY_WORKER_CONCURRENCY = 1

# Task annotations (Celery's task_annotations setting) set attributes of a task when it
# is registered. The task's autoretry takes its retry_backoff_max from there (it is not
# one of the decorator's arguments): a cap of 0 makes every retry come at once, instead
# of after up to 60, 120 and 240 s. retry_backoff and max_retries stay as shown.
WELCOME_TASK = {"retry_backoff_max": 0}
if os.environ.get("CELERY_TEST_DEFAULT_ACKS") == "1":
    # Annotations override the decorator's options: back to Celery's defaults.
    WELCOME_TASK.update(acks_late=False, reject_on_worker_lost=False)
CELERY_TASK_ANNOTATIONS = {"accounts.tasks.send_welcome_email": WELCOME_TASK}

CELERY_BEAT_SCHEDULE = {
    name: {**entry, "schedule": 1.0} for name, entry in CELERY_BEAT_SCHEDULE.items()
}
CELERY_BEAT_SCHEDULE_FILENAME = str(TEST_DATA / "celerybeat-schedule")
