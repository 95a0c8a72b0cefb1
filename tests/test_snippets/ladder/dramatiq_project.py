"""The Dramatiq rung's project, ``snippets/ladder/dramatiq/``, as every test of it runs it.

Test modules take the fixtures by name (``broker = dramatiq_project.broker``): ``broker`` is the
test's own view of RabbitMQ, the actor's queue emptied before and after; ``project`` is the
migrated project, with the ``hold-`` tasks released when the test ends.
"""

import pytest
from dramatiq.brokers.rabbitmq import RabbitmqBroker

from tests.test_snippets.ladder import workers

PAGE = "ladder/dramatiq.md"
WORKER = "python manage.py rundramatiq --processes 2 --threads 8"
# The actor's queue: Dramatiq's default name. The Dramatiq tests use it one at a time.
QUEUE = "default"
ENVIRONMENT = {
    # The shown settings read both from the environment, as production does.
    **workers.SECRET,
    "DRAMATIQ_BROKER_URL": workers.RABBITMQ_URL,
}
READY = "Worker process is ready for action."


def make_project(
    data_dir, relative_dir: str = "ladder/dramatiq", **env: str
) -> workers.ExampleProject:
    """The project in ``relative_dir``, on the tests' RabbitMQ, migrated."""
    project = workers.ExampleProject(relative_dir, data_dir, **ENVIRONMENT, **env)
    project.migrate()
    return project


@pytest.fixture
def broker():
    """The test's own view of RabbitMQ: the queue starts and ends empty."""
    workers.need_rabbitmq()
    broker = RabbitmqBroker(url=workers.RABBITMQ_URL, middleware=[])
    broker.declare_queue(QUEUE)
    broker.flush(QUEUE)  # and its .DQ and .XQ
    yield broker
    broker.flush(QUEUE)
    broker.close()


@pytest.fixture
def project(tmp_path, broker):
    project = make_project(tmp_path)
    yield project
    workers.release(project.outbox)  # no task outlives its test waiting
