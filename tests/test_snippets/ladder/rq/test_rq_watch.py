"""django-rq's `python manage.py rqstats`, run against a real RQ queue in Redis: what waits, the
oldest one's time, what failed and what waits for a retry (docs/how-to/watch-the-queue.md).

The project runs as its reader runs it (``workers.ExampleProject``) on Redis database 8, the RQ
rung's own, emptied before and after. A real worker (``rqworker --burst``, which stops once the
queue is empty) fails two jobs of ``down-`` addresses: one enqueued with RQ's defaults, no
retry, which fails for good, and one through the shown task, whose first retry then waits in
the scheduled registry. Then, with no worker running, three sign-ups wait; the oldest job's
``enqueued_at`` is moved ten minutes back.
"""

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from redis import Redis
from rq import Queue
from rq.utils import utcformat

from tests.test_snippets.ladder import workers

pytestmark = pytest.mark.redis

PAGE = "how-to/watch-the-queue.md"
STATS = "python manage.py rqstats"
STATS_JSON = "python manage.py rqstats --json"
REDIS_URL = "redis://127.0.0.1:6379/8"  # the RQ rung's database (test_rq.py)
BURST_WORKER = "python manage.py rqworker default --burst"
BACKDATE = timedelta(minutes=10)

FAIL_TWO = """
import django_rq
from django.contrib.auth.models import User
from accounts.tasks import send_welcome_email
queue = django_rq.get_queue("default")
for_good = User.objects.create_user("dora", {for_good!r})
queue.enqueue(send_welcome_email, for_good.pk)  # RQ's defaults: no retry
once = User.objects.create_user("dave", {once!r})
send_welcome_email.enqueue(once.pk)  # the shown task: three retries
"""
SIGN_UP_THREE = """
from django.test import Client
for name in ("ann", "bea", "cat"):
    response = Client().post("/signup/", {"username": name, "email": f"{name}@example.com"})
    assert response.status_code == 201, response.content
"""
TIME_ZONE = "from django.conf import settings; print(settings.TIME_ZONE)"


@pytest.fixture
def redis():
    workers.need_redis()
    redis = Redis.from_url(REDIS_URL)
    redis.flushdb()
    yield redis
    redis.flushdb()


def test_rqstats_counts_waiting_failed_and_scheduled_jobs_and_dates_the_oldest(
    tmp_path, redis
):
    project = workers.ExampleProject("ladder/rq", tmp_path, REDIS_URL=REDIS_URL)
    project.migrate()

    for_good, once = workers.address("down"), workers.address("down")
    project.shell(FAIL_TWO.format(for_good=for_good, once=once))
    project.run(BURST_WORKER)
    assert workers.attempts(project.outbox, for_good) == 1
    assert workers.attempts(project.outbox, once) == 1

    project.shell(SIGN_UP_THREE)
    queue = Queue("default", connection=redis)
    oldest = queue.get_jobs()[0]
    enqueued_at = oldest.enqueued_at - BACKDATE
    redis.hset(oldest.key, "enqueued_at", utcformat(enqueued_at))

    [stats] = json.loads(project.run(workers.shown_command(PAGE, STATS_JSON)))["queues"]
    # Shown in TIME_ZONE, which the project leaves at Django's default.
    time_zone = project.shell(TIME_ZONE).strip()
    assert time_zone == "America/Chicago"
    local = enqueued_at.astimezone(ZoneInfo(time_zone))
    assert stats["oldest_job_timestamp"] == local.strftime("%Y-%m-%d, %H:%M:%S")
    assert datetime.now(UTC) - enqueued_at >= BACKDATE
    counts = {
        key: stats[key]
        for key in ("jobs", "started_jobs", "failed_jobs", "scheduled_jobs", "workers")
    }
    assert counts == {
        "jobs": 3,
        "started_jobs": 0,
        "failed_jobs": 1,
        "scheduled_jobs": 1,
        "workers": 0,
    }

    table = project.run(workers.shown_command(PAGE, STATS))
    header = "| Name           |    Queued |    Active |  Deferred |  Finished |    Failed |   Workers |"
    row = "| default        |         3 |         0 |         0 |         0 |         1 |         0 |"
    assert header in table.splitlines()
    assert row in table.splitlines()
