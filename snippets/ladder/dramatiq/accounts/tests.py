"""Tests of the sign-up: its message reaches a worker, which sends the welcome email.

`python -m pytest` runs them, with signup_project/test_settings.py (see pytest.ini).
"""

import dramatiq
import pytest
from django.contrib.auth.models import User

from accounts.tasks import send_welcome_email

ADA = {"username": "ada", "email": "ada@example.com"}


@pytest.fixture
def broker():
    broker = dramatiq.get_broker()
    broker.flush_all()
    return broker


@pytest.fixture
def worker(broker):
    # A real Dramatiq worker, its threads in this process, reading the StubBroker.
    worker = dramatiq.Worker(broker, worker_timeout=100)
    worker.start()
    yield worker
    worker.stop()


# The worker's threads read the user on connections of their own, so the test commits
# for real (transaction=True), which also runs the view's on-commit send.
@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_the_welcome_email(client, broker, worker, mailoutbox):
    response = client.post("/signup/", ADA)
    assert response.status_code == 201
    # Wait until the queue is empty (at most 5 s: a failing actor is retried later,
    # as in production), then until the worker is idle.
    broker.join(send_welcome_email.queue_name, timeout=5_000)
    worker.join()
    assert [message.to for message in mailoutbox] == [["ada@example.com"]]
    assert mailoutbox[0].body == "Hello ada, welcome aboard!"


@pytest.mark.django_db
def test_the_actor_sends_the_welcome_email(mailoutbox):
    user = User.objects.create_user("ada", "ada@example.com")
    # Calling an actor runs its function here, without a broker.
    send_welcome_email(user.pk)
    assert [message.to for message in mailoutbox] == [["ada@example.com"]]
