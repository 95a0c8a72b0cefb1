"""The move from a thread to Celery: before, snippets/how_to/thread_signup/; after,
snippets/ladder/celery/ (accounts/views.py, the new accounts/tasks.py and
signup_project/celery.py).

The after project runs as its reader runs it (``workers.ExampleProject``), on Redis, with
the Celery rung's test settings (``tests/test_snippets/ladder/celery/celery_settings.py``). Its
user's address ``hold-...`` makes the test email backend write the sending process's pid;
the test releases it at once, so the email goes through.
"""

import shutil
import uuid
from pathlib import Path

import pytest

from tests.test_snippets.how_to.diffs import project_diff, shown_diff
from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.celery import celery_project
from tests.test_snippets.ladder.celery.celery_project import QUEUE, empty_the_queue

pytestmark = pytest.mark.redis

PAGE = "how-to/move-to-celery.md"
WORKER = "celery -A signup_project worker --loglevel INFO"
BEFORE, AFTER = "how_to/thread_signup", "ladder/celery"


@pytest.fixture
def after(tmp_path_factory, tmp_path):
    workers.need_redis()
    empty_the_queue(workers.REDIS_URL)
    migrated = tmp_path_factory.mktemp("migrated")
    celery_project.make_project(migrated, workers.REDIS_URL, relative_dir=AFTER)
    shutil.copyfile(migrated / "db.sqlite3", tmp_path / "db.sqlite3")
    return workers.ExampleProject(
        AFTER,
        tmp_path,
        settings=celery_project.SETTINGS,
        CELERY_BROKER_URL=workers.REDIS_URL,
        **workers.SECRET,
    )


def waiting_messages() -> int:
    import redis

    return redis.Redis.from_url(workers.REDIS_URL).llen(QUEUE)


def parent_pid(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(
        next(line for line in status.splitlines() if line.startswith("PPid:")).split()[
            1
        ]
    )


def test_after_the_request_only_queues_and_a_celery_worker_sends_the_email(after):
    email = f"hold-{uuid.uuid4().hex[:8]}@example.com"
    workers.release(after.outbox)  # the email goes through at once
    status, body = after.post("/signup/", {"username": "ada", "email": email})
    assert status == 201, body
    assert not workers.outbox_lines(after.outbox), "the web process sent nothing"
    assert waiting_messages() == 1, "it left one message on the broker"
    with after.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until(
            lambda: workers.sent(after.outbox, email),
            "the worker to send the email",
            worker,
        )
        line = next(
            line
            for line in workers.outbox_lines(after.outbox)
            if line.startswith("started")
        )
        sender = int(line.rsplit(" ", 1)[1])
        assert parent_pid(sender) == worker.process.pid, (
            "a pool process of the worker sent it"
        )
    assert waiting_messages() == 0


def test_the_page_shows_the_real_diff():
    assert shown_diff("move_to_celery/views.diff") == project_diff(
        BEFORE, AFTER, "accounts/views.py"
    )
