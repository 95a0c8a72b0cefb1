"""The RQ rung's fixtures, found by pytest for every test module in this folder.

Each RQ test module has a Redis database of its own, named by its ``REDIS_URL`` (the project's
settings read that variable); the ``project`` fixture empties it first, so each test starts
without jobs and without a scheduler lock left by a worker an earlier test SIGKILLed.
"""

import pytest
from redis import Redis
from rq import Queue

from tests.test_snippets.ladder import workers


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
