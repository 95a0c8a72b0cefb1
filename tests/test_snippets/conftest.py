"""Fixtures that test modules in more than one folder under ``tests/test_snippets/`` take.

A queue's fixture sits here, named after its queue, when tests outside that rung's folder
(``ladder/<rung>/``) need it too; the rung's own ``conftest.py`` builds on it.

``dramatiq_broker``: the Dramatiq rung (``ladder/dramatiq/``) and the safe-to-repeat how-to
(``how_to/safe_to_repeat/``) run their projects on one RabbitMQ queue, which they use one test
at a time.
"""

import pytest
from dramatiq.brokers.rabbitmq import RabbitmqBroker

from tests.helpers.waiting import wait_until
from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.dramatiq.dramatiq_project import QUEUE


def flush_once_no_worker_consumes(broker: RabbitmqBroker) -> None:
    """Empty the queue (and its .DQ and .XQ) once no worker consumes it any more.

    RabbitMQ notices a killed worker's connection a moment after the kill, and only then puts
    the messages that worker held back on the queue: a flush before that would let one of them
    through to the next test.
    """
    wait_until(
        lambda: (
            broker.channel.queue_declare(QUEUE, passive=True).method.consumer_count == 0
        ),
        "RabbitMQ to drop the consumers of the workers a test killed",
    )
    broker.flush(QUEUE)


@pytest.fixture
def dramatiq_broker():
    """The test's own view of RabbitMQ: the Dramatiq projects' queue starts and ends empty."""
    workers.need_rabbitmq()
    broker = RabbitmqBroker(url=workers.RABBITMQ_URL, middleware=[])
    broker.declare_queue(QUEUE)
    flush_once_no_worker_consumes(broker)
    yield broker
    flush_once_no_worker_consumes(broker)
    broker.close()
