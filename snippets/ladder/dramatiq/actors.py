"""Send the welcome email with Dramatiq on RabbitMQ: the broker and the actors."""

import dramatiq
from dramatiq.brokers.rabbitmq import RabbitmqBroker

from snippets.ladder import welcome

QUEUE_NAME = "toq_ladder_dramatiq"

broker = RabbitmqBroker(url="amqp://guest:guest@127.0.0.1:5672/")
dramatiq.set_broker(broker)


@dramatiq.actor(queue_name=QUEUE_NAME)
def send_welcome_email(address):
    welcome.send_welcome_email(address)


@dramatiq.actor(queue_name=QUEUE_NAME)
def send_welcome_email_when_released(address):
    welcome.send_welcome_email_when_released(address)


# --8<-- [start:retry]
# Retries are on by default (20, backing off from 15 s); these are short so the test is quick.
@dramatiq.actor(queue_name=QUEUE_NAME, max_retries=2, min_backoff=10, max_backoff=50)
def send_welcome_email_or_fail(address, failures):
    welcome.send_welcome_email_or_fail(address, failures)
# --8<-- [end:retry]


# --8<-- [start:time_limit]
# time_limit is in milliseconds (default 10 minutes); past it the worker interrupts the actor
# with TimeLimitExceeded. One second here, and no retries, so the test is quick.
@dramatiq.actor(queue_name=QUEUE_NAME, time_limit=1_000, max_retries=0)
def send_welcome_email_within_a_second(address):
    welcome.send_welcome_email_when_released(address)
# --8<-- [end:time_limit]
