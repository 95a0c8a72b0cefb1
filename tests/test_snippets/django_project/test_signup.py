"""The example project's sign-up view: the user is created, the welcome email sent after commit."""

import pytest
from django.contrib.auth.models import User
from django.core import mail

from tests.test_snippets.django_project.pools import fresh_default_pool, make_pool  # noqa: F401 (fixtures)


@pytest.mark.django_db
def test_signup_in_inline_mode_sends_the_email_when_the_transaction_commits(
    client, settings, django_capture_on_commit_callbacks
):
    settings.BACKGROUND_INLINE = True
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/signup/", {"username": "ada", "email": "ada@example.com"})
        # The test's own transaction has not committed: the email is only scheduled.
        assert mail.outbox == []
    assert response.status_code == 201
    assert User.objects.filter(username="ada").exists()
    assert len(callbacks) == 1
    callbacks[0]()
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]
    assert mail.outbox[0].body == "Hello ada!"


@pytest.mark.django_db(transaction=True)
def test_signup_with_the_real_pool_sends_the_email_from_a_worker_thread(client, fresh_default_pool):
    response = client.post("/signup/", {"username": "grace", "email": "grace@example.com"})
    assert response.status_code == 201
    assert fresh_default_pool.wait(timeout=5), "the welcome email task did not finish in 5 s"
    assert [message.to for message in mail.outbox] == [["grace@example.com"]]
