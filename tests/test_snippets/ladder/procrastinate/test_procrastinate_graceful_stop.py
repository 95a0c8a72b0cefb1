"""snippets/ladder/procrastinate/: a deploy stops `python manage.py procrastinate worker` mid-job.

The project runs as its reader runs it, on a PostgreSQL database of its own, with the overlay
``procrastinate_settings.py`` (heartbeats every 0.5 s, a worker silent for 3 s counts as dead),
as ``test_procrastinate.py`` runs it; a ``hold-`` address keeps the job in the middle of its
email until ``workers.release()`` (``tests/helpers/journal_email_backend.py``).
``graceful_stop`` stops the worker as a deploy does: SIGTERM, then SIGKILL once the grace
period is over.

Shown elsewhere, and cited beside this module in ``docs/decide/options.yml``: SIGTERM lets the
running job finish (``test_procrastinate.py``). The shown settings set no
``shutdown_graceful_timeout``, so the worker waits for its job for as long as it takes.
"""

import signal

import pytest

from tests.test_snippets.ladder import graceful_stop, workers
from tests.test_snippets.ladder.procrastinate.procrastinate_project import (
    EVERY_SECOND,
    example,
    jobs,
    wait_for_status,
    worker,
)

pytestmark = pytest.mark.postgresql_server
# What the worker logs when it takes a SIGTERM.
STOPPING = "Stop requested"


def rerun_by_retry_stalled_jobs(project, email: str) -> None:
    """The job was left ``doing``; the next worker's ``retry_stalled_jobs`` runs it again."""
    assert jobs(project)[email]["status"] == "doing", "nobody finished it"
    workers.release(project.outbox)
    with worker(project, "second-worker.log") as running:
        job = wait_for_status(project, email, "succeeded", running)
        running.stop()
    assert "Starting job accounts.tasks.retry_stalled_jobs" in running.log()
    assert job["events"][-3:] == ["deferred_for_retry", "started", "succeeded"]
    assert workers.started_count(project.outbox, email) == 2
    assert workers.outbox_lines(project.outbox).count(f"sent {email}") == 1


@pytest.mark.shows(
    "procrastinate", "survives_graceful_stop", outcome="re-run", variant="past_grace"
)
def test_job_still_running_when_the_grace_period_ends_is_run_again_by_retry_stalled_jobs(
    database, tmp_path
):
    # The shown periodic retry_stalled_jobs, every second instead of every minute.
    project = example(database, tmp_path, **EVERY_SECOND)
    hold = workers.address("hold")
    with worker(project) as running:
        workers.start_holding(project, running, hold, "the job to start")
        stopped = graceful_stop.stop_like_a_deploy(running, acknowledged=STOPPING)
    assert stopped.killed, "the worker waited for its job until the SIGKILL"
    rerun_by_retry_stalled_jobs(project, hold)


def test_second_sigterm_kills_the_worker_at_once_and_retry_stalled_jobs_runs_the_job_again(
    database, tmp_path
):
    project = example(database, tmp_path, **EVERY_SECOND)
    hold = workers.address("hold")
    with worker(project) as running:
        workers.start_holding(project, running, hold, "the job to start")
        # The first signal puts the previous handlers back: the default one, for SIGTERM.
        stopped = graceful_stop.stop_like_a_deploy(
            running,
            grace=workers.WAIT_SECONDS,
            acknowledged=STOPPING,
            then=lambda: running.process.send_signal(signal.SIGTERM),
        )
    assert (stopped.killed, stopped.exit_code) == (False, -signal.SIGTERM)
    rerun_by_retry_stalled_jobs(project, hold)
