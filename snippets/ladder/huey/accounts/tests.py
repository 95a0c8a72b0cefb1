"""Tests of the sign-up: in Huey's immediate mode, it sends the welcome email.

`python -m pytest` runs them.
"""

import pytest
from django.contrib.auth.models import User
from huey.contrib.djhuey import HUEY

from accounts.tasks import send_welcome_email

ADA = {"username": "ada", "email": "ada@example.com"}


@pytest.fixture
def immediate_huey():
    # Immediate mode runs each task as it is enqueued, in this thread, with the queue in
    # memory: no consumer needed.
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = False


@pytest.mark.django_db
def test_signup_sends_the_welcome_email(
    client, immediate_huey, mailoutbox, django_capture_on_commit_callbacks
):
    # The test's transaction never commits: run the view's on-commit callbacks.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/signup/", ADA)
    assert response.status_code == 201
    assert [message.to for message in mailoutbox] == [["ada@example.com"]]
    assert mailoutbox[0].body == "Hello ada, welcome aboard!"


@pytest.mark.django_db
def test_the_task_sends_the_welcome_email(mailoutbox):
    user = User.objects.create_user("ada", "ada@example.com")
    # call_local() runs the function itself, without Huey.
    send_welcome_email.call_local(user.pk)
    assert [message.to for message in mailoutbox] == [["ada@example.com"]]
