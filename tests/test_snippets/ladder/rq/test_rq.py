"""snippets/ladder/rq/: the sign-up project with django-rq; `manage.py rqworker` sends the email.

The project runs as its reader runs it (``workers.ExampleProject``), with the worker command
the page shows, on Redis database 8: ``REDIS_URL`` in the environment, which the project's
settings read. The recipient's address picks the journal backend's behaviour: ``down-...``
keeps failing, ``hold-...`` waits for ``workers.release`` so the test can kill the task.

The shown task keeps its production retry policy (10, 30, then 60 s between runs): instead
of waiting, ``rq_project.hurry_retries`` moves each scheduled retry forward to now, and the
worker's scheduler enqueues it within a second. Test-only values (a 1-second ``job_timeout``, a cron
job every second in ``rq_cron_every_second.py``) come from this folder; no page shows them.
"""

import signal

import pytest
from rq.results import Result

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.rq.rq_project import (
    PAGE,
    WORKER,
    fetch,
    hurry_retries,
    the_only_job,
)

pytestmark = pytest.mark.redis

REDIS_URL = "redis://127.0.0.1:6379/8"
CRON = "python manage.py rqcron accounts.cron"
# The shown task on a test-only schedule: every second instead of daily at 9:00.
TEST_CRON_CONFIG = "tests.test_snippets.ladder.rq.rq_cron_every_second"


def sign_up(project, queue, username, email):
    """POST the sign-up form; the job the view enqueued (the worker is not running yet)."""
    status, body = project.post("/signup/", {"username": username, "email": email})
    assert status == 201, body
    return the_only_job(queue)


def enqueue_in_project(project, queue, email, call):
    """In the project: create a user with ``email``, then run ``call`` (it sees ``user``,
    ``queue`` and ``send_welcome_email``); the job it returned."""
    printed = project.shell(
        "import django_rq\n"
        "from datetime import timedelta\n"
        "from django.contrib.auth.models import User\n"
        "from rq import Retry\n"
        "from accounts.tasks import send_welcome_email\n"
        f"user = User.objects.create_user({email.partition('@')[0]!r}, {email!r})\n"
        "queue = django_rq.get_queue('default')\n"
        f"job = {call}\n"
        "print(job.id)\n"
    )
    return fetch(queue, printed.strip().splitlines()[-1])


def test_worker_sends_the_welcome_email(project, queue):
    status, body = project.post("/signup/", {"username": "ada"})
    assert (status, body) == (400, {"error": "send a username and an email"})
    assert queue.count == 0

    job = sign_up(project, queue, "ada", "ada@example.com")
    assert job.func_name == "accounts.tasks.send_welcome_email"
    # The policy written on the task travels with the job.
    assert (job.timeout, job.retries_left, job.retry_intervals) == (60, 3, [10, 30, 60])
    assert not workers.sent(project.outbox, "ada@example.com"), "enqueue must not send"

    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until(
            lambda: job.get_status() == "finished", "the job to finish", worker
        )
    assert workers.sent(project.outbox, "ada@example.com")
    assert job.latest_result().type == Result.Type.SUCCESSFUL


def test_job_reaches_redis_only_once_the_signup_commits(project, queue):
    # The view called inside a transaction that then rolls back, as a failure later in
    # the same request would.
    printed = project.shell(
        "import django_rq\n"
        "from django.contrib.auth.models import User\n"
        "from django.db import transaction\n"
        "from django.test import RequestFactory\n"
        "from accounts.views import signup\n"
        "queue = django_rq.get_queue('default')\n"
        "request = RequestFactory().post('/signup/', {'username': 'rey', 'email': 'rey@example.com'})\n"
        "try:\n"
        "    with transaction.atomic():\n"
        "        response = signup(request)\n"
        "        print('inside', response.status_code, queue.count)\n"
        "        raise RuntimeError('a later step failed')\n"
        "except RuntimeError:\n"
        "    pass\n"
        "print('after', queue.count, User.objects.filter(username='rey').exists())\n"
    )
    assert printed.split() == ["inside", "201", "0", "after", "0", "False"]
    assert queue.count == 0


@pytest.mark.shows(
    "rq", "survives_graceful_stop", outcome="finished", variant="sigterm"
)
def test_sigterm_lets_the_running_job_finish_then_the_worker_exits(project, queue):
    address = "hold-sam@example.com"
    job = sign_up(project, queue, "sam", address)

    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until_started(project, address, worker, "the job to start")
        # The worker's own process, as a process manager signals it; the work horse is its child.
        worker.process.send_signal(signal.SIGTERM)
        workers.wait_until(
            lambda: "warm shut down requested" in worker.log(),
            "the worker to see the SIGTERM",
            worker,
        )
        assert worker.is_alive(), "the worker waits for the running job"
        workers.release(project.outbox)
        assert worker.wait_for_exit() == 0, worker.log()
    assert workers.sent(project.outbox, address)
    assert job.get_status() == "finished"


@pytest.mark.shows("rq", "retries", outcome="retried")
def test_task_that_raises_is_retried_then_recorded_as_failed(project, queue):
    address = "down-bob@example.com"
    job = sign_up(project, queue, "bob", address)

    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        ahead = hurry_retries(queue, job, lambda: job.get_status() == "failed", worker)
    assert ahead == [10, 30, 60], "the shown intervals"
    assert workers.attempts(project.outbox, address) == 1 + 3
    assert job.id in queue.failed_job_registry.get_job_ids()
    assert "SMTPServerDisconnected" in job.latest_result().exc_string


def test_job_running_past_its_time_limit_is_stopped_and_failed(project, queue):
    # One second instead of the shown 60 (asserted by test_worker_sends_the_welcome_email),
    # and one retry without a pause, so the test need not wait.
    address = "hold-tim@example.com"
    job = enqueue_in_project(
        project,
        queue,
        address,
        "queue.enqueue(send_welcome_email, user.pk, job_timeout=1, retry=Retry(max=1))",
    )

    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        # The held task waits for a release that never comes; the limit ends each run.
        workers.wait_until(
            lambda: job.get_status() == "failed", "the job to fail", worker
        )
    assert workers.started_count(project.outbox, address) == 2, (
        "stopped, retried, stopped"
    )
    assert "JobTimeoutException" in job.latest_result().exc_string
    assert not workers.sent(project.outbox, address)


@pytest.mark.shows("rq", "survives_worker_kill", outcome="lost", variant="default")
def test_task_whose_process_is_killed_is_lost(project, queue):
    address = "hold-eve@example.com"
    # RQ's defaults: a job enqueued without retry= or job_timeout=.
    job = enqueue_in_project(
        project, queue, address, "queue.enqueue(send_welcome_email, user.pk)"
    )
    assert (job.retries_left, job.timeout) == (None, 180)

    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until_started(project, address, worker, "the job to start")
        assert job.id in queue.started_job_registry.get_job_ids(), (
            "RQ lists the running job"
        )
        workers.kill_task_process(project.outbox, address)
        # The worker outlives its "work horse" (the forked child) and records the job's fate.
        workers.wait_until(
            lambda: job.get_status() == "failed", "the job to be marked failed", worker
        )
        workers.release(project.outbox)
        assert worker.is_alive()
    assert job.id in queue.failed_job_registry.get_job_ids()
    assert queue.count == 0, "nothing put the job back on the queue"
    assert not workers.sent(project.outbox, address)
    assert workers.started_count(project.outbox, address) == 1


@pytest.mark.shows("rq", "survives_worker_kill", outcome="re-run", variant="with_retry")
def test_task_with_retries_whose_process_is_killed_is_run_again(project, queue):
    address = "hold-ivy@example.com"
    job = sign_up(project, queue, "ivy", address)

    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.kill_task_process(project.outbox, address)
        # A killed work horse counts as a failed run, and the shown task has retries left.
        ahead = hurry_retries(
            queue,
            job,
            lambda: workers.started_count(project.outbox, address) == 2,
            worker,
        )
        workers.release(project.outbox)
        workers.wait_until(
            lambda: job.get_status() == "finished", "the job to finish", worker
        )
    assert ahead == [10]
    assert workers.outbox_lines(project.outbox).count(f"sent {address}") == 1


def test_task_enqueued_with_a_delay_runs_after_it(project, queue):
    address = "dan@example.com"
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        job = enqueue_in_project(
            project,
            queue,
            address,
            "queue.enqueue_in(timedelta(seconds=2), send_welcome_email, user.pk)",
        )
        assert job.id in queue.scheduled_job_registry.get_job_ids()
        workers.wait_until(
            lambda: job.get_status() == "finished", "the delayed job", worker
        )
    assert workers.sent(project.outbox, address)
    job.refresh()
    # RQ stores the time to run in whole seconds (rounded down), so 2 s means at least 1 s.
    assert (job.started_at - job.created_at).total_seconds() >= 1
    # enqueue_in() takes the plain function: the options of @job do not apply.
    assert (job.timeout, job.retries_left) == (180, None)


def test_rq_cron_enqueues_a_registered_job_again_and_again(project):
    shown = workers.shown_command(PAGE, CRON)
    printed = project.shell(
        "from django_rq.cron import DjangoCronScheduler\n"
        "scheduler = DjangoCronScheduler()\n"
        "scheduler.load_config_from_file('accounts.cron')\n"
        "print([(job.func_name, job.cron, job.queue_name) for job in scheduler.get_jobs()])\n"
    )
    # The scheduler logs its loading on stdout too; the last line is the list.
    assert (
        printed.strip().splitlines()[-1]
        == "[('accounts.tasks.send_signup_report', '0 9 * * *', 'default')]"
    )

    # The shown command with the test-only config: the same task, every second.
    with (
        project.start(
            shown.replace("accounts.cron", TEST_CRON_CONFIG), "cron.log"
        ) as cron,
        project.start(workers.shown_command(PAGE, WORKER)),
    ):
        workers.wait_until(
            lambda: (
                workers.outbox_lines(project.outbox).count("sent staff@example.com")
                >= 2
            ),
            "a second run of the recurring report",
            cron,
        )
