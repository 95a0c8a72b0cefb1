"""snippets/django_project/accounts/views.py (``signup``): the user is created, the welcome
email goes out from a worker thread after the commit, and the view keeps CSRF protection."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from tests.test_snippets.django_project.conftest import THROUGH_THE_HTTPS_PROXY


@pytest.mark.django_db
def test_signup_in_inline_mode_sends_the_email_when_the_transaction_commits(
    client, settings, django_capture_on_commit_callbacks
):
    settings.BACKGROUND_INLINE = True
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            "/signup/", {"username": "ada", "email": "ada@example.com"}
        )
        # The test's own transaction has not committed: the email is only scheduled.
        assert mail.outbox == []
    assert response.status_code == 201
    assert User.objects.filter(username="ada").exists()
    assert len(callbacks) == 1
    callbacks[0]()
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]
    assert mail.outbox[0].body == "Hello ada, welcome aboard!"


@pytest.mark.django_db(transaction=True)
def test_signup_with_the_real_pool_sends_the_email_from_a_worker_thread(
    client, fresh_default_pool
):
    response = client.post(
        "/signup/", {"username": "grace", "email": "grace@example.com"}
    )
    assert response.status_code == 201
    assert fresh_default_pool.wait(timeout=5), (
        "the welcome email task did not finish in 5 s"
    )
    assert [message.to for message in mail.outbox] == [["grace@example.com"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data", [{"username": "ada"}, {"email": "ada@example.com"}, {}]
)
def test_signup_without_a_username_or_an_email_is_a_clear_400(client, data):
    response = client.post("/signup/", data)
    assert response.status_code == 400
    assert response.json() == {"error": "send a username and an email"}
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_without_a_csrf_token_is_refused_with_403(
    django_capture_on_commit_callbacks, caplog
):
    # A form on another site, or a script, posting without the token: the same origin
    # header as the site's own pages, so only the missing token can be the reason.
    browser = Client(enforce_csrf_checks=True, headers=THROUGH_THE_HTTPS_PROXY)
    with django_capture_on_commit_callbacks() as callbacks:
        response = browser.post(
            "/signup/",
            {"username": "mallory", "email": "mallory@example.com"},
            headers={"Origin": "https://testserver"},
        )
    assert response.status_code == 403
    assert [record.getMessage() for record in caplog.records] == [
        "Forbidden (CSRF cookie not set.): /signup/"
    ]
    assert not User.objects.exists()
    assert callbacks == []


@pytest.mark.django_db
def test_signup_with_a_csrf_token_from_the_same_site_is_accepted(
    settings, django_capture_on_commit_callbacks
):
    settings.BACKGROUND_INLINE = True
    browser = Client(enforce_csrf_checks=True, headers=THROUGH_THE_HTTPS_PROXY)
    token = (
        "a" * 32
    )  # a CSRF cookie's secret; the page's JavaScript sends it back in the header
    browser.cookies["csrftoken"] = token
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            "/signup/",
            {"username": "ada", "email": "ada@example.com"},
            headers={"X-CSRFToken": token, "Origin": "https://testserver"},
        )
    assert response.status_code == 201
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]
