"""snippets/how_to/move_*.py: the sign-up view before (a thread) and after (the Tasks framework) the move."""

import uuid

import pytest
from django_tasks_db.models import DBTaskResult

from tests.test_snippets.how_to.diffs import page_diff, shown_diff
from tests.test_snippets.ladder import workers

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def signup(client, monkeypatch, tmp_path):
    monkeypatch.setenv("WELCOME_OUTBOX", str(tmp_path / "outbox.txt"))

    def sign_up():
        address = f"ada-{uuid.uuid4().hex[:8]}@example.com"
        response = client.post("/signup/", {"username": address.split("@")[0], "email": address})
        assert response.status_code == 201
        return address

    return sign_up


@pytest.mark.urls("snippets.how_to.move_before_thread")
def test_before_a_thread_in_the_web_process_sends_the_email(signup, tmp_path):
    address = signup()
    workers.wait_until(lambda: workers.sent(tmp_path / "outbox.txt", address), "the thread to send the email")


@pytest.mark.urls("snippets.how_to.move_after_django_tasks")
def test_after_the_db_worker_sends_the_email(signup, tmp_path):
    address = signup()
    assert DBTaskResult.objects.get().status == "READY"
    with workers.db_worker(tmp_path, "--batch") as worker:
        assert worker.wait_for_exit() == 0, worker.log()
    assert workers.sent(tmp_path / "outbox.txt", address)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_page_shows_the_real_diff():
    assert shown_diff("move_to_django_tasks.diff") == page_diff("how_to/move_before_thread.py", "how_to/move_after_django_tasks.py")
