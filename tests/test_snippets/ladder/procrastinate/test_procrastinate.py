"""snippets/ladder/procrastinate/: the sign-up project whose `python manage.py procrastinate worker` sends the email.

Each test runs the project as its reader does (``workers.ExampleProject``), on a PostgreSQL
database of its own (``postgres_databases.py``: a copy of one migrated database, dropped at the
end), with the overlay ``procrastinate_settings.py``. The shown view defers
``accounts.tasks.send_welcome_email``, the worker command the page shows runs it, and the test
reads the job's row back through ``manage.py shell``. The user's address picks what the test
email backend does (``tests/helpers/journal_email_backend.py``).

These tests need the PostgreSQL server (marker ``postgresql_server``), but not the ``postgres``
marker, which would keep them for the PostgreSQL pass: they run in the SQLite pass of ``make
test``, beside the other rungs, and skip without a server locally, fail without one with
``CI=true``.
"""

import signal
import time

import pytest

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.procrastinate.procrastinate_project import (
    EVERY_SECOND,
    PAGE,
    RETRY_AT_ONCE,
    example,
    jobs,
    last_json,
    wait_for_status,
    worker,
)

pytestmark = pytest.mark.postgresql_server
HEALTHCHECKS = "python manage.py procrastinate healthchecks"
# What the worker logs once it takes jobs.
READY = "Starting worker on all queues"
WELCOME = "accounts.tasks.send_welcome_email"

JOB_COLUMNS = """
import json
from procrastinate.contrib.django.models import ProcrastinateJob

print(json.dumps(sorted(field.name for field in ProcrastinateJob._meta.concrete_fields)))
"""


def test_settings_pass_djangos_checks_and_procrastinates_healthchecks(project):
    assert "System check identified no issues" in project.run("python manage.py check")
    # It connects as the worker does.
    printed = project.run(workers.shown_command(PAGE, HEALTHCHECKS))
    assert "Database connection: OK" in printed
    assert "Migrations: OK" in printed


def test_signup_leaves_a_todo_job_until_the_worker_sends_the_email(project):
    email = workers.address("ada")
    workers.sign_up(project, email)
    assert jobs(project)[email]["status"] == "todo"
    assert not workers.sent(project.outbox, email), "the view only deferred the job"
    with worker(project) as running:
        workers.wait_until(
            lambda: workers.sent(project.outbox, email), f"{email} to be sent", running
        )
        job = wait_for_status(project, email, "succeeded", running)
    assert job["attempts"] == 1
    assert job["events"] == ["deferred", "started", "succeeded"]
    # What a job's row holds: its state, not what the task returned.
    columns = last_json(project.shell(JOB_COLUMNS))
    assert columns == [
        "abort_requested", "args", "attempts", "id", "lock", "priority", "queue_name",
        "queueing_lock", "scheduled_at", "status", "task_name", "worker",
    ]  # fmt: skip


def test_signup_without_an_email_answers_400_and_defers_nothing(project):
    status, body = project.post("/signup/", {"username": "ada"})
    assert (status, body) == (400, {"error": "send a username and an email"})
    assert jobs(project) == {}


DEFER_THEN_ROLL_BACK = """
from django.contrib.auth.models import User
from django.db import transaction
from procrastinate.contrib.django.models import ProcrastinateJob
from accounts.tasks import send_welcome_email

try:
    with transaction.atomic():
        user = User.objects.create_user("eve", "eve@example.com")
        job_id = send_welcome_email.defer(user_id=user.pk)
        # Same connection, same transaction: it sees the job's row already.
        print("inside:", ProcrastinateJob.objects.filter(id=job_id).count())
        raise RuntimeError("the view failed after deferring")
except RuntimeError:
    pass
print("after the rollback:", ProcrastinateJob.objects.count(), User.objects.count())
"""


def test_defer_inside_a_rolled_back_transaction_leaves_no_job(project):
    printed = project.shell(DEFER_THEN_ROLL_BACK).splitlines()
    assert printed[-2:] == ["inside: 1", "after the rollback: 0 0"]


def test_failed_attempt_is_retried_5_seconds_later(project):
    email = workers.address("down")  # the email backend raises SMTPServerDisconnected
    workers.sign_up(project, email)
    with worker(project) as running:
        workers.wait_until(
            lambda: workers.attempts(project.outbox, email) == 1,
            "a first attempt",
            running,
        )
        job = wait_for_status(project, email, "todo", running)
        assert workers.attempts(project.outbox, email) == 1
    assert job["attempts"] == 1
    assert job["events"][-1] == "deferred_for_retry"
    assert 0 < job["in_seconds"] <= 5, "exponential_wait=5: the first retry in 5 s"
    assert "SMTPServerDisconnected: attempt 1: the SMTP server hung up" in running.log()


def test_an_smtp_server_that_cannot_be_reached_is_retried_too(project):
    email = workers.address(
        "refused"
    )  # the email backend raises ConnectionRefusedError
    workers.sign_up(project, email)
    with worker(project) as running:
        workers.wait_until(
            lambda: workers.attempts(project.outbox, email) == 1,
            "a first attempt",
            running,
        )
        job = wait_for_status(project, email, "todo", running)
    assert workers.attempts(project.outbox, email) == 1
    assert job["events"][-1] == "deferred_for_retry"
    assert "ConnectionRefusedError" in running.log()


@pytest.mark.shows("procrastinate", "retries", outcome="retried")
def test_task_that_raises_is_retried_then_recorded_as_failed(database, tmp_path):
    project = example(database, tmp_path, **RETRY_AT_ONCE)
    email = workers.address("down")
    workers.sign_up(project, email)
    with worker(project) as running:
        job = wait_for_status(project, email, "failed", running)
    assert workers.attempts(project.outbox, email) == 1 + 3
    assert job["attempts"] == 4
    assert job["events"].count("deferred_for_retry") == 3
    assert job["events"][-1] == "failed"


def test_error_that_is_not_a_sending_failure_is_not_retried(project):
    # The strategy retries OSError only: the job of a user deleted before it
    # runs fails at once, and the worker goes on with the next sign-up's.
    project.shell(
        "from django.contrib.auth.models import User\n"
        "from accounts.tasks import send_welcome_email\n"
        "ghost = User.objects.create_user('ghost', 'ghost@example.com')\n"
        "send_welcome_email.defer(user_id=ghost.pk)\n"
        "ghost.delete()\n"
    )
    email = workers.address("ada")
    workers.sign_up(project, email)
    with worker(project) as running:
        workers.wait_until(
            lambda: workers.sent(project.outbox, email), f"{email} to be sent", running
        )
        workers.wait_until(
            lambda: "DoesNotExist" in running.log(), "the failure in the log", running
        )
        failed = last_json(
            project.shell(
                "import json\n"
                "from procrastinate.contrib.django.models import ProcrastinateJob\n"
                "print(json.dumps([[job.status, job.attempts] for job in"
                f" ProcrastinateJob.objects.filter(task_name={WELCOME!r},"
                " status='failed')]))\n"
            )
        )
    assert failed == [["failed", 1]]


def test_job_deferred_with_schedule_in_waits_until_then(project):
    email = workers.address("dan")
    delay = 2
    with worker(project) as running:
        workers.wait_until(lambda: READY in running.log(), "the worker", running)
        printed = project.shell(
            "import time\n"
            "from django.contrib.auth.models import User\n"
            "from accounts.tasks import send_welcome_email\n"
            f"user = User.objects.create_user('dan', {email!r})\n"
            "print(time.time())\n"
            f"later = send_welcome_email.configure(schedule_in={{'seconds': {delay}}})\n"
            "later.defer(user_id=user.pk)\n"
        )
        deferred_at = float(printed.strip().splitlines()[-1])
        assert not workers.sent(project.outbox, email), "not before the delay"
        workers.wait_until(
            lambda: workers.sent(project.outbox, email), f"{email} to be sent", running
        )
    assert time.time() - deferred_at >= delay


READ_THE_SCHEDULE = """
import datetime
import time
from procrastinate.contrib.django import app

for (name, _), periodic in sorted(app.periodic_registry.periodic_tasks.items()):
    next_run = periodic.croniter.get_next(float, start_time=time.time())
    when = datetime.datetime.fromtimestamp(next_run, datetime.UTC)
    print(name, "|", periodic.cron, "|", when.strftime("%H:%M:%S %Z"))
"""


def test_shown_schedule_is_07_00_utc_daily_and_every_minute(project):
    printed = project.shell(READ_THE_SCHEDULE).strip().splitlines()
    stalled, report = (line.split(" | ") for line in printed[-2:])
    assert report[:2] == ["accounts.tasks.send_signup_report", "0 7 * * *"]
    assert report[2] == "07:00:00 UTC"
    assert stalled[:2] == ["accounts.tasks.retry_stalled_jobs", "* * * * *"]
    assert stalled[2].endswith(":00 UTC"), "at the top of a minute"


def test_worker_sends_the_periodic_report_again_and_again(database, tmp_path):
    project = example(database, tmp_path, **EVERY_SECOND)

    def reports():
        return workers.outbox_lines(project.outbox).count("sent ops@example.com")

    with worker(project) as running:
        # The overlay runs the shown schedule every second instead of every morning.
        workers.wait_until(lambda: reports() >= 2, "a second report", running)
        running.stop()
    assert "Periodic job accounts.tasks.send_signup_report" in running.log()


REPORTS_PER_PERIOD = """
import json
from collections import Counter
from procrastinate.contrib.django.models import ProcrastinateJob

reports = ProcrastinateJob.objects.filter(task_name="accounts.tasks.send_signup_report")
print(json.dumps(Counter(str(job.args["timestamp"]) for job in reports)))
"""


def test_two_workers_defer_each_periodic_job_once(database, tmp_path):
    project = example(database, tmp_path, **EVERY_SECOND)

    def reports_per_second():
        return last_json(project.shell(REPORTS_PER_PERIOD))

    with worker(project) as first, worker(project, "second-worker.log") as second:
        for running in (first, second):
            workers.wait_until(
                lambda running=running: READY in running.log(), "a worker", running
            )
        # Both run the schedule (every second here); let three more seconds pass.
        seen = len(reports_per_second())
        workers.wait_until(
            lambda: len(reports_per_second()) >= seen + 3, "three more reports", first
        )
    assert set(reports_per_second().values()) == {1}, "one job per second"


@pytest.mark.shows(
    "procrastinate",
    "survives_worker_kill",
    outcome="re-run",
    variant="retry_stalled_jobs",
)
def test_task_whose_worker_is_killed_is_run_again_by_retry_stalled_jobs(
    database, tmp_path
):
    project = example(database, tmp_path, **EVERY_SECOND)
    hold = workers.address("hold")  # the email backend waits for workers.release()
    workers.sign_up(project, hold)
    with worker(project) as running:
        workers.wait_until_started(project, hold, running, "the job to start")
        assert jobs(project)[hold]["status"] == "doing"
        assert workers.kill_task_process(project.outbox, hold) == running.process.pid, (
            "the worker runs the job in its own process"
        )
        assert running.wait_for_exit() == -signal.SIGKILL
    assert jobs(project)[hold]["status"] == "doing", "nobody finished it"
    workers.release(project.outbox)
    with worker(project, "second-worker.log") as running:
        workers.wait_until(
            lambda: workers.sent(project.outbox, hold), f"{hold} to be sent", running
        )
        job = wait_for_status(project, hold, "succeeded", running)
    assert workers.started_count(project.outbox, hold) == 2, "run again from the start"
    assert workers.outbox_lines(project.outbox).count(f"sent {hold}") == 1
    # The job never raised: the only retry_job() call was retry_stalled_jobs's.
    assert job["events"] == [
        "deferred", "started", "scheduled", "deferred_for_retry", "started", "succeeded"
    ]  # fmt: skip
    assert "Starting job accounts.tasks.retry_stalled_jobs" in running.log()


IS_STALLED = """
import asyncio
import json
from procrastinate.contrib.django import app
from django.conf import settings

timeout = settings.PROCRASTINATE_WORKER_DEFAULTS["stalled_worker_timeout"]
stalled = asyncio.run(app.job_manager.get_stalled_jobs(seconds_since_heartbeat=timeout))
print(json.dumps(sorted(job.task_name for job in stalled)))
"""


@pytest.mark.shows(
    "procrastinate", "survives_worker_kill", outcome="lost", variant="default"
)
def test_task_whose_worker_is_killed_stays_doing_without_retry_stalled_jobs(
    database, tmp_path
):
    # Procrastinate's default: nothing looks for stalled jobs (the overlay takes the
    # project's periodic task away), so no worker takes the killed worker's job again.
    project = example(database, tmp_path, PROCRASTINATE_TEST_WITHOUT_STALLED_RETRY="1")
    hold = workers.address("hold")
    workers.sign_up(project, hold)
    with worker(project) as running:
        workers.kill_task_process(project.outbox, hold)
        running.wait_for_exit()
    workers.release(project.outbox)
    with worker(project, "second-worker.log") as running:
        # The query the shown retry_stalled_jobs runs finds it, once the dead worker's
        # heartbeat is older than the timeout; a later email still goes before it.
        workers.wait_until(
            lambda: last_json(project.shell(IS_STALLED)) == [WELCOME],
            "the job to count as stalled",
            running,
        )
        workers.send_and_wait(project, running)
    assert jobs(project)[hold]["status"] == "doing"
    assert workers.started_count(project.outbox, hold) == 1
    assert not workers.sent(project.outbox, hold)


@pytest.mark.shows(
    "procrastinate", "survives_graceful_stop", outcome="finished", variant="sigterm"
)
def test_sigterm_lets_the_running_job_finish_then_the_worker_exits(project):
    hold = workers.address("hold")
    workers.sign_up(project, hold)
    with worker(project) as running:
        workers.wait_until_started(project, hold, running, "the job to start")
        running.process.send_signal(signal.SIGTERM)
        workers.wait_until(
            lambda: "Stop requested" in running.log(),
            "the worker to take SIGTERM",
            running,
        )
        assert running.is_alive(), "the worker waits for its job"
        assert jobs(project)[hold]["status"] == "doing"
        workers.release(project.outbox)
        assert running.wait_for_exit() == 0, running.log()
    assert workers.sent(project.outbox, hold)
    assert jobs(project)[hold]["status"] == "succeeded"
    assert "Stopped worker on all queues" in running.log()
