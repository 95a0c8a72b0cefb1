"""Fixtures that test modules in more than one folder under ``tests/test_snippets/`` take.

A queue's fixture sits here, named after its queue, when tests outside that rung's folder
(``ladder/<rung>/``) need it too; the rung's own ``conftest.py`` builds on it.

``dramatiq_broker``: the Dramatiq rung (``ladder/dramatiq/``) and the safe-to-repeat how-to
(``how_to/safe_to_repeat/``) run their projects on one RabbitMQ queue, which they use one test
at a time.
"""

import pytest
from dramatiq.brokers.rabbitmq import RabbitmqBroker

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.dramatiq.dramatiq_project import QUEUE


@pytest.fixture
def dramatiq_broker():
    """The test's own view of RabbitMQ: the Dramatiq projects' queue starts and ends empty."""
    workers.need_rabbitmq()
    broker = RabbitmqBroker(url=workers.RABBITMQ_URL, middleware=[])
    broker.declare_queue(QUEUE)
    broker.flush(QUEUE)  # and its .DQ and .XQ
    yield broker
    broker.flush(QUEUE)
    broker.close()
