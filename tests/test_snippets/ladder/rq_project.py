"""The RQ rung's project, ``snippets/ladder/rq/``, as every test of it runs it.

Each RQ test module has a Redis database of its own, named by its ``REDIS_URL`` (the project's
settings read that variable); the ``project`` fixture empties it first, so each test starts
without jobs and without a scheduler lock left by a worker an earlier test SIGKILLed. Test
modules take the fixtures by name (``project = rq_project.project``).
"""

import time
from datetime import UTC, datetime

import pytest
from redis import Redis
from rq import Queue
from rq.job import Job
from rq.registry import ScheduledJobRegistry

from tests.test_snippets.ladder import workers

PAGE = "ladder/rq.md"
WORKER = "python manage.py rqworker default --with-scheduler"


@pytest.fixture
def project(request, tmp_path):
    """The migrated project on the test module's ``REDIS_URL``, emptied first."""
    redis_url = request.module.REDIS_URL
    workers.need_redis()
    Redis.from_url(redis_url).flushdb()
    project = workers.ExampleProject("ladder/rq", tmp_path, REDIS_URL=redis_url)
    project.migrate()
    yield project
    workers.release(project.outbox)  # no job outlives its test waiting


@pytest.fixture
def queue(request):
    """The project's "default" queue, seen from the test process."""
    return Queue("default", connection=Redis.from_url(request.module.REDIS_URL))


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
