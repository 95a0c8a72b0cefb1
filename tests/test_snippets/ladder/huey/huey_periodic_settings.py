"""Settings overlay for test_huey_periodic.py: ``huey_settings.py``, with 07:00 every second.

The shown ``accounts/tasks.py`` sends its report at 07:00 UTC, and Huey's consumer looks at
its periodic tasks when it starts, then once a minute (``Scheduler.periodic_task_seconds``,
60, in ``huey/consumer.py``). No test can wait for either, so in the processes that read this
overlay, and in no other:

* the scheduler looks at the periodic tasks every second instead of every minute;
* each look asks the shown crontab about 07:00 UTC instead of the time it is, so the shown
  schedule itself decides, and says yes.

The rest of the consumer runs as shown: the scheduler enqueues the task through Huey's
SQLite file, a worker thread runs it, and ``run_huey`` still takes ``--no-periodic``.
Settings modules load before ``run_huey`` builds its consumer, so the patch is in place
before the scheduler starts.
"""

import datetime

from huey.consumer import Scheduler

from tests.test_snippets.ladder.huey.huey_settings import *  # noqa: F403

# Naive, as Huey's own clock is (utc=True: naive datetimes in UTC).
SEVEN_UTC = datetime.datetime(2030, 1, 7, 7, 0)
_enqueue_periodic_tasks = Scheduler.enqueue_periodic_tasks


def _enqueue_periodic_tasks_due_at_seven(scheduler, now):
    _enqueue_periodic_tasks(scheduler, SEVEN_UTC)


Scheduler.periodic_task_seconds = 1
Scheduler.enqueue_periodic_tasks = _enqueue_periodic_tasks_due_at_seven
