"""The RQ rung's project, ``snippets/ladder/rq/``: what its tests share besides fixtures.

The page and the worker command it shows, and the helpers that read the project's queue from
the test process: a job by its id, the one job waiting, retries moved forward to now. The
fixtures (``project``, ``queue``) are in this folder's ``conftest.py``.
"""

import time
from datetime import UTC, datetime

from rq.job import Job
from rq.registry import ScheduledJobRegistry

from tests.test_snippets.ladder import workers

PAGE = "ladder/rq.md"
WORKER = "python manage.py rqworker default --with-scheduler"


def fetch(queue, job_id) -> Job:
    return Job.fetch(job_id, connection=queue.connection)


def the_only_job(queue) -> Job:
    """The one job waiting in ``queue`` (the worker is not running yet)."""
    [job_id] = queue.job_ids
    return fetch(queue, job_id)


def hurry_retries(queue, job, done, worker, timeout=2 * workers.WAIT_SECONDS):
    """Until ``done()``: move each retry RQ scheduled for ``job`` forward to now.

    Returns how many seconds ahead RQ had scheduled each retry (whole seconds, rounded
    down by RQ), so the test can check the shown intervals without waiting for them.
    """
    registry = ScheduledJobRegistry(queue=queue)
    ahead = []
    deadline = time.monotonic() + timeout
    while not done():
        score = queue.connection.zscore(registry.key, job.id)
        # A retry just scheduled is 10 s or more ahead; one already moved is not.
        if score is not None and score - time.time() > 5:
            ahead.append(score - time.time())
            registry.schedule(job, datetime.now(UTC))
        if time.monotonic() > deadline:
            raise AssertionError(
                f"waited {timeout} s for the retries; worker log:\n{worker.log()}"
            )
        time.sleep(0.05)
    return [round(seconds, -1) for seconds in ahead]
