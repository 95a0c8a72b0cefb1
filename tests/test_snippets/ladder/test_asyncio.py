"""snippets/ladder/asyncio/: an async view that starts the welcome email with asyncio.create_task."""

import asyncio
import threading
import uuid

import pytest
from django.test import AsyncClient

from tests.helpers.snippets import expected_output, run_snippet
from tests.test_snippets.ladder import workers

pytestmark = pytest.mark.urls("snippets.ladder.asyncio.urls")


@pytest.fixture
def outbox(monkeypatch, tmp_path):
    monkeypatch.setenv("WELCOME_OUTBOX", str(tmp_path / "outbox.txt"))
    return tmp_path / "outbox.txt"


def test_under_asgi_the_task_runs_after_the_response(outbox, monkeypatch):
    from snippets.ladder.asyncio import views

    address = f"ada-{uuid.uuid4().hex[:8]}@example.com"
    # The simulated SMTP call waits for the test's go-ahead, so "after" does not hang on timing.
    go_ahead = threading.Event()
    send = views.welcome.send_welcome_email
    monkeypatch.setattr(views.welcome, "send_welcome_email",
                        lambda address: go_ahead.wait(workers.WAIT_SECONDS) and send(address))

    async def request_then_let_the_loop_run():
        response = await AsyncClient().post("/signup/", {"email": address})
        assert response.status_code == 202
        assert not workers.sent(outbox, address), "the response left before the email"
        assert len(views.background_tasks) == 1, "the view kept a reference to its pending task"
        go_ahead.set()
        # The server's loop goes on running; here the test's loop does, until the task is done.
        await asyncio.gather(*views.background_tasks)

    workers.in_a_fresh_thread(asyncio.run, request_then_let_the_loop_run())
    assert workers.sent(outbox, address)
    assert views.background_tasks == set(), "the done-callback removed the finished task"


def test_under_wsgi_the_request_waits_for_the_work(client, outbox):
    address = f"bob-{uuid.uuid4().hex[:8]}@example.com"
    response = workers.in_a_fresh_thread(client.post, "/signup/", {"email": address})
    assert response.status_code == 202
    # Under WSGI the async view gets an event loop for this request only; closing it
    # cancels the task and waits for its thread, so the email went out before the response.
    assert workers.sent(outbox, address)


def test_a_task_without_a_reference_is_destroyed():
    snippet = "ladder/asyncio/lost_reference.py"
    output = workers.in_a_fresh_thread(run_snippet, snippet)
    assert output == expected_output(snippet)
    assert "Task was destroyed but it is pending!" in output
