"""The example project's sign-up view, driven through Django's test client."""

import pytest
from django.contrib.auth.models import User
from django.core import mail


@pytest.mark.django_db
def test_signup_creates_the_user_and_sends_the_welcome_email(client):
    response = client.post("/signup/", {"username": "ada", "email": "ada@example.com"})
    assert response.status_code == 201
    assert User.objects.filter(username="ada").exists()
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]
