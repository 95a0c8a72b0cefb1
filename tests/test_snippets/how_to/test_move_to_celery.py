"""snippets/how_to/move_after_celery.py: the sign-up view after the move to Celery, run by a real worker."""

import uuid

import pytest

from tests.test_snippets.how_to.diffs import page_diff, shown_diff
from tests.test_snippets.ladder import workers

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis, pytest.mark.urls("snippets.how_to.move_after_celery")]


def test_after_a_celery_worker_sends_the_email(client, monkeypatch, tmp_path):
    workers.need_redis()
    from snippets.ladder.celery.app import app  # in a project, the app module is imported at start-up

    monkeypatch.setenv("WELCOME_OUTBOX", str(tmp_path / "outbox.txt"))
    address = f"bob-{uuid.uuid4().hex[:8]}@example.com"
    worker_options = ["--include", "snippets.how_to.move_after_celery"]
    with workers.celery_worker(app, workers.REDIS_URL, tmp_path, *worker_options, **workers.test_database_env()) as worker:
        response = client.post("/signup/", {"username": address.split("@")[0], "email": address})
        assert response.status_code == 201
        workers.wait_until(lambda: workers.sent(tmp_path / "outbox.txt", address), "the email to be sent", worker)


def test_delay_on_commit_sends_the_message_only_when_the_transaction_commits():
    workers.need_redis()
    import redis
    from django.db import transaction

    from snippets.how_to.move_after_celery import send_welcome_email
    from snippets.ladder.celery.app import app

    # Kombu's Redis transport keeps a queue's messages in a list named after the queue.
    queue = redis.Redis.from_url(workers.REDIS_URL)
    workers.empty_celery_queue(app, workers.REDIS_URL)
    try:
        with transaction.atomic():
            send_welcome_email.delay_on_commit("carol@example.com")
            assert queue.llen(app.conf.task_default_queue) == 0, "nothing is sent inside the transaction"
        assert queue.llen(app.conf.task_default_queue) == 1
    finally:
        workers.empty_celery_queue(app, workers.REDIS_URL)


def test_the_page_shows_the_real_diff():
    assert shown_diff("move_to_celery.diff") == page_diff("how_to/move_before_thread.py", "how_to/move_after_celery.py")
