"""Tests of the sign-up: it defers the welcome email, and a worker sends it.

`python -m pytest` runs them on the project's PostgreSQL server, in a test database
that Django creates and drops.
"""

import pytest
from procrastinate import testing
from procrastinate.contrib.django import procrastinate_app
from procrastinate.contrib.django.models import ProcrastinateJob

ADA = {"username": "ada", "email": "ada@example.com"}


@pytest.mark.django_db
def test_signup_defers_the_welcome_email(client):
    response = client.post("/signup/", ADA)
    assert response.status_code == 201
    # The job is a row in the database, written in the view's transaction.
    [job] = ProcrastinateJob.objects.filter(
        task_name="accounts.tasks.send_welcome_email"
    )
    assert job.args == {"user_id": response.json()["id"]}
    assert job.status == "todo"


@pytest.fixture
def app():
    # Jobs kept in memory, where a worker run by the test finds them.
    with procrastinate_app.current_app.replace_connector(
        testing.InMemoryConnector()
    ) as app:
        yield app


# The worker runs the task in a thread of its own, on a connection of its own, so the
# test commits for real (transaction=True).
@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_the_welcome_email(client, app, mailoutbox):
    response = client.post("/signup/", ADA)
    assert response.status_code == 201
    # wait=False: run what is waiting, then return.
    app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)
    assert [message.to for message in mailoutbox] == [["ada@example.com"]]
