"""Tests of the sign-up: it enqueues the welcome email, and running the task sends it.

`python -m pytest` runs them.
"""

import pytest
from django.test import override_settings
from django_tasks import default_task_backend

from accounts.tasks import send_welcome_email

ADA = {"username": "ada", "email": "ada@example.com"}
# Django's two backends for tests: one keeps what is enqueued, one runs it at once.
KEEP_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
RUN_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.mark.django_db
@override_settings(TASKS=KEEP_TASKS)
def test_signup_enqueues_the_welcome_email(client):
    response = client.post("/signup/", ADA)
    assert response.status_code == 201
    [result] = default_task_backend.results
    assert result.task == send_welcome_email
    assert result.args == [response.json()["id"]]


@pytest.mark.django_db
@override_settings(TASKS=RUN_TASKS)
def test_signup_sends_the_welcome_email(client, mailoutbox):
    response = client.post("/signup/", ADA)
    assert response.status_code == 201
    assert [message.to for message in mailoutbox] == [["ada@example.com"]]
    assert mailoutbox[0].body == "Hello ada, welcome aboard!"
