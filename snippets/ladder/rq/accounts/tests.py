"""Tests of the sign-up: it enqueues the welcome email, and a worker sends it.

`python -m pytest` runs them. They need Redis: point REDIS_URL at a database that only
the tests use, as each test empties the queue first.
"""

import django_rq
import pytest
from rq import SimpleWorker

from accounts.tasks import send_welcome_email

ADA = {"username": "ada", "email": "ada@example.com"}


@pytest.fixture
def queue():
    queue = django_rq.get_queue("default")
    queue.empty()
    return queue


@pytest.mark.django_db
def test_signup_enqueues_the_welcome_email(
    client, queue, django_capture_on_commit_callbacks
):
    # The test's transaction never commits: run the view's on-commit callbacks.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/signup/", ADA)
    assert response.status_code == 201
    [job] = queue.jobs
    assert job.func == send_welcome_email
    assert job.args == (response.json()["id"],)


@pytest.mark.django_db
def test_a_worker_sends_the_welcome_email(
    client, queue, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/signup/", ADA)
    assert response.status_code == 201
    # SimpleWorker runs each job in this process, where the test's database and
    # outbox are; burst=True returns once the queue is empty.
    worker = django_rq.get_worker("default", worker_class=SimpleWorker)
    worker.work(burst=True)
    assert [message.to for message in mailoutbox] == [["ada@example.com"]]
    assert mailoutbox[0].body == "Hello ada, welcome aboard!"
