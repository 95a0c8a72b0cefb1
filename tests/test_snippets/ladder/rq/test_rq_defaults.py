"""snippets/ladder/rq/: how long RQ keeps a finished job and a failed one, as the installed RQ does it.

The project runs as its reader runs it (``workers.ExampleProject``), with the worker command
the page shows, on Redis database 15, which no other test uses (``REDIS_URL`` in the
environment, which the project's settings read). Neither the shown ``@job`` nor ``RQ_QUEUES``
sets ``result_ttl`` or ``failure_ttl``, so RQ's defaults apply: the test reads the expiry
Redis holds for the job's keys once the worker is done with it, instead of waiting for it.
"""

import time

import pytest
from rq.results import Result

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.rq.rq_project import PAGE, WORKER, fetch, the_only_job

pytestmark = pytest.mark.redis

REDIS_URL = "redis://127.0.0.1:6379/15"
YEAR = 365 * 24 * 60 * 60
# Seconds that may pass between the worker setting an expiry and the test reading it.
SLACK = 30


def seconds_left(queue, key: str) -> int:
    """How long Redis keeps ``key`` (-1: for ever, -2: gone already)."""
    return queue.connection.ttl(key)


def test_finished_job_and_its_result_are_deleted_after_500_seconds(project, queue):
    email = workers.address("ada")
    workers.sign_up(project, email)  # the shown view and its @job
    job = the_only_job(queue)
    assert job.result_ttl is None, "neither @job nor RQ_QUEUES sets one"
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until(
            lambda: job.get_status() == "finished", "the job to finish", worker
        )
    assert workers.sent(project.outbox, email)
    for key in (job.key, Result.get_key(job.id)):
        assert 500 - SLACK < seconds_left(queue, key) <= 500, key


ENQUEUE_WITHOUT_OPTIONS = """
import django_rq
from django.contrib.auth.models import User
from accounts.tasks import send_welcome_email

user = User.objects.create_user({username!r}, {email!r})
print(django_rq.get_queue("default").enqueue(send_welcome_email, user.pk).id)
"""


def test_failed_job_is_kept_for_a_year(project, queue):
    down = workers.address("down")  # the email backend raises SMTPServerDisconnected
    printed = project.shell(
        ENQUEUE_WITHOUT_OPTIONS.format(username=down.split("@")[0], email=down)
    )
    job = fetch(queue, printed.strip().splitlines()[-1])
    assert job.failure_ttl is None, "RQ's default applies"
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until(
            lambda: job.get_status() == "failed", "the job to fail", worker
        )
    assert YEAR - SLACK < seconds_left(queue, job.key) <= YEAR
    expires_at = queue.connection.zscore(queue.failed_job_registry.key, job.id)
    assert YEAR - SLACK < expires_at - time.time() <= YEAR
