"""snippets/ladder/rq/: a deploy stops `python manage.py rqworker` while a job runs.

The project runs as its reader runs it (``workers.ExampleProject``), with the worker command the
page shows, on Redis database 12, which no other test uses (``REDIS_URL`` in the environment,
which the project's settings read). A ``hold-`` address keeps the job in the middle of its email
until ``workers.release()`` (``tests/helpers/journal_email_backend.py``). ``graceful_stop``
stops the worker as a deploy does: SIGTERM to the worker's own process, then SIGKILL to it and
its work horse once the grace period is over.

Shown elsewhere, and cited beside this module in ``docs/decide/options.yml``: SIGTERM lets the
running job finish (``test_rq.py``).

A job whose worker died stays in the started-job registry until its execution expires: the
dead worker's last heartbeat plus ``job_monitoring_interval`` (30 s) plus 60 s. A later
worker's cleanup (when it starts, then every 10 minutes) then retries it if it has retries
left. Instead of waiting those 90 s, the tests move the expiry forward to now, and move each
retry RQ schedules forward too (``rq_project.hurry_retries``).
"""

import signal
import time

import pytest
from rq.job import Job

from tests.test_snippets.ladder import graceful_stop, workers
from tests.test_snippets.ladder.rq.rq_project import (
    PAGE,
    WORKER,
    hurry_retries,
    the_only_job,
)

pytestmark = pytest.mark.redis

REDIS_URL = "redis://127.0.0.1:6379/12"
STOPPING = "warm shut down requested"


def sign_up(project, queue, email: str) -> Job:
    """Sign up through the shown view; the job it enqueued, with the shown ``Retry``."""
    workers.sign_up(project, email)
    return the_only_job(queue)


def expire_the_dead_workers_execution(queue, job: Job) -> None:
    """Move the running job's expiry in the started-job registry to now (RQ: ~90 s later)."""
    registry = queue.started_job_registry
    [entry] = [
        key
        for key in queue.connection.zrange(registry.key, 0, -1)
        if key.decode().startswith(job.id)
    ]
    queue.connection.zadd(registry.key, {entry: time.time() - 1})


def rerun_by_a_later_worker(project, queue, job: Job, email: str) -> None:
    """Expire the dead run, start a worker, and see it retry the job once, to the end."""
    # Nobody recorded an end: the job still counts as running.
    assert job.get_status() == "started"
    assert job.id in queue.started_job_registry.get_job_ids()
    expire_the_dead_workers_execution(queue, job)
    with project.start(
        workers.shown_command(PAGE, WORKER), log_name="second-worker.log"
    ) as worker:
        # The new worker's cleanup counts the abandoned run as failed; a retry is left.
        ahead = hurry_retries(
            queue, job, lambda: job.get_status() == "finished", worker
        )
    assert ahead == [10], "the shown Retry's first interval"
    assert "scheduled for retry" in worker.log()
    assert workers.started_count(project.outbox, email) == 2
    assert workers.outbox_lines(project.outbox).count(f"sent {email}") == 1


@pytest.mark.shows(
    "rq", "survives_graceful_stop", outcome="re-run", variant="past_grace"
)
def test_job_still_running_when_the_grace_period_ends_is_retried_by_a_later_worker(
    project, queue
):
    hold = workers.address("hold")
    job = sign_up(project, queue, hold)
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until_started(project, hold, worker, "the job to start")
        stopped = graceful_stop.stop_like_a_deploy(worker, acknowledged=STOPPING)
    assert stopped.killed, "the worker waited for its job until the SIGKILL"
    workers.release(project.outbox)
    rerun_by_a_later_worker(project, queue, job, hold)


def test_second_sigterm_kills_the_running_job_which_a_later_worker_retries(
    project, queue
):
    hold = workers.address("hold")
    job = sign_up(project, queue, hold)
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until_started(project, hold, worker, "the job to start")
        first = time.monotonic()

        def second_sigterm():
            # RQ ignores a second signal that comes within a second of the first.
            workers.wait_until(lambda: time.monotonic() - first > 1.2, "a second")
            worker.process.send_signal(signal.SIGTERM)

        stopped = graceful_stop.stop_like_a_deploy(
            worker,
            grace=workers.WAIT_SECONDS,
            acknowledged=STOPPING,
            then=second_sigterm,
        )
    workers.release(project.outbox)
    # A cold shutdown: the worker kills its work horse and exits by itself.
    assert (stopped.killed, stopped.exit_code) == (False, 0), worker.log()
    assert "cold shut down" in worker.log()
    assert not workers.sent(project.outbox, hold)
    rerun_by_a_later_worker(project, queue, job, hold)
