"""snippets/ladder/dramatiq/: how long RabbitMQ keeps the project's dead letters, and what changing it does.

Dramatiq's RabbitMQ broker declares, beside each queue, a dead-letter queue (``default.XQ``)
whose messages expire after ``dramatiq_dead_message_ttl`` milliseconds, an environment variable
read when Dramatiq is imported (7 days when unset). The tests let the project declare its
queues as its worker does (``workers.ExampleProject``, through ``manage.py shell``), then ask
RabbitMQ which expiry the live queue has: declaring a queue again with the arguments it has
succeeds, and with others is refused. No message reaches the queue. The retry defaults are
checked in ``test_dramatiq.py::test_shown_retries_span_hours_where_the_defaults_span_weeks``.
"""

import pika
import pika.exceptions
import pytest

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.dramatiq import dramatiq_project

pytestmark = pytest.mark.rabbitmq

DEAD_LETTERS = "default.XQ"  # the dead-letter queue of the actor's queue, "default"
DAY = 24 * 60 * 60 * 1000  # milliseconds, as RabbitMQ and Dramatiq count

# What the worker does when it starts, and every send first: declare the actor's queue,
# its delay queue and its dead-letter queue.
DECLARE_THE_QUEUES = """
from accounts.tasks import send_welcome_email

send_welcome_email.broker.declare_queue(send_welcome_email.queue_name, ensure=True)
print("declared")
"""
# A send, as the view makes it; prints the error's class if it fails.
SEND = """
from accounts.tasks import send_welcome_email

try:
    send_welcome_email.send(1)
except Exception as error:
    print(type(error).__name__)
else:
    print("sent")
"""


@pytest.fixture
def project(tmp_path):
    workers.need_rabbitmq()
    return dramatiq_project.make_project(tmp_path)


def dead_letter_expiry_is(milliseconds: int) -> bool:
    """Whether RabbitMQ's dead-letter queue expires its messages after ``milliseconds``."""
    connection = pika.BlockingConnection(pika.URLParameters(workers.RABBITMQ_URL))
    try:
        connection.channel().queue_declare(
            DEAD_LETTERS, durable=True, arguments={"x-message-ttl": milliseconds}
        )
    except pika.exceptions.ChannelClosedByBroker as refusal:
        assert refusal.reply_code == 406, (
            refusal
        )  # PRECONDITION_FAILED: other arguments
        return False
    finally:
        if connection.is_open:
            connection.close()
    return True


def waiting_messages() -> int:
    """How many messages wait in the actor's queue."""
    connection = pika.BlockingConnection(pika.URLParameters(workers.RABBITMQ_URL))
    try:
        declared = connection.channel().queue_declare("default", passive=True)
    finally:
        connection.close()
    return declared.method.message_count


def test_dead_letters_are_kept_7_days(project):
    assert project.shell(DECLARE_THE_QUEUES).strip() == "declared"
    assert dead_letter_expiry_is(7 * DAY)
    assert not dead_letter_expiry_is(1 * DAY)


def test_changing_the_dead_letter_expiry_later_makes_sends_fail(project):
    assert project.shell(DECLARE_THE_QUEUES).strip() == "declared"
    waiting = waiting_messages()
    # Set once the queues exist: RabbitMQ refuses the new arguments, Dramatiq declares
    # once more, then gives up, and the message is not sent.
    project.env["dramatiq_dead_message_ttl"] = str(1 * DAY)
    assert project.shell(SEND).strip() == "ConnectionClosed"
    assert waiting_messages() == waiting
    assert dead_letter_expiry_is(7 * DAY), "the queue keeps its first expiry"
