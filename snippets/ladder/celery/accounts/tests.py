"""Tests of the sign-up: it queues the welcome email, and a worker sends it.

`python -m pytest` runs them; conftest.py turns on Celery's pytest plugin.
"""

import time
from unittest import mock

import pytest
from django.contrib.auth.models import User

from accounts.tasks import send_welcome_email

ADA = {"username": "ada", "email": "ada@example.com"}


@pytest.mark.django_db
def test_signup_queues_the_welcome_email(client, django_capture_on_commit_callbacks):
    # A unit test replaces the call that would reach the broker with a mock.
    with mock.patch.object(send_welcome_email, "delay") as delay:
        # The test's transaction never commits: run the view's on-commit callbacks.
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/signup/", ADA)
    assert response.status_code == 201
    delay.assert_called_once_with(response.json()["id"])


@pytest.mark.django_db
def test_the_task_sends_the_welcome_email(mailoutbox):
    user = User.objects.create_user("ada", "ada@example.com")
    # Calling a task runs it here and now, as a plain function.
    send_welcome_email(user.pk)
    assert [message.to for message in mailoutbox] == [["ada@example.com"]]
    assert mailoutbox[0].body == "Hello ada, welcome aboard!"


# A real worker, in a thread of this process, fed by an in-memory broker. It reads the
# user on a connection of its own, so the test commits for real (transaction=True).
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("depends_on_current_app")
def test_a_worker_sends_the_welcome_email(client, celery_worker, mailoutbox):
    response = client.post("/signup/", ADA)
    assert response.status_code == 201
    wait_until(lambda: len(mailoutbox) == 1)
    assert mailoutbox[0].to == ["ada@example.com"]


def wait_until(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still false after {seconds} s"
        time.sleep(0.05)
