"""snippets/ladder/rq/: a real `rq worker` process runs the welcome email from Redis."""

import uuid
from datetime import timedelta

import pytest
from rq.cron import CronScheduler

from tools import comparison
from tests.test_snippets.ladder import workers

pytestmark = pytest.mark.redis


@pytest.fixture
def rq_queue(tmp_path, monkeypatch):
    workers.need_redis()
    from snippets.ladder.rq import enqueue

    monkeypatch.setenv("WELCOME_OUTBOX", str(tmp_path / "outbox.txt"))
    enqueue.queue.empty()
    for registry in (enqueue.queue.failed_job_registry, enqueue.queue.started_job_registry):
        for job_id in registry.get_job_ids():
            registry.remove(job_id, delete_job=True)
    return enqueue


def rq_worker(outbox, log, *options):
    command = [str(workers.BIN / "rq"), "worker", "--url", workers.REDIS_URL, *options, "toq_ladder_welcome"]
    return workers.running(command, workers.worker_environment(outbox), log)


def test_worker_sends_the_welcome_email(rq_queue, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"ada-{uuid.uuid4().hex[:8]}@example.com"
    job = rq_queue.enqueue_welcome_email(address)
    assert not workers.sent(outbox, address), "enqueue must not run the task in the web process"

    with rq_worker(outbox, tmp_path / "worker.log", "--burst") as worker:
        worker.wait_for_exit()
    assert workers.sent(outbox, address)
    assert job.get_status() == "finished"
    assert job.return_value() == address


def test_task_that_raises_is_retried_then_recorded_as_failed(rq_queue, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"bob-{uuid.uuid4().hex[:8]}@example.com"
    job = rq_queue.enqueue_welcome_email_with_retries(address, failures=10)

    with rq_worker(outbox, tmp_path / "worker.log", "--burst") as worker:
        worker.wait_for_exit()
    assert workers.attempts(outbox, address) == 1 + 2
    assert job.get_status() == "failed"
    assert job.id in rq_queue.queue.failed_job_registry.get_job_ids()
    assert comparison.outcome("rq", "retries") == "retried"


def test_job_running_past_its_time_limit_is_stopped_and_failed(rq_queue, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"tim-{uuid.uuid4().hex[:8]}@example.com"
    unlimited = rq_queue.enqueue_welcome_email(address)
    assert unlimited.timeout == 180, "RQ's default job_timeout"
    unlimited.delete()
    job = rq_queue.enqueue_welcome_email_with_time_limit(address, seconds=1)

    with rq_worker(outbox, tmp_path / "worker.log", "--burst") as worker:
        # The task waits for a release that never comes (up to 10 s); the limit ends it first.
        worker.wait_for_exit()
    assert job.get_status() == "failed"
    assert "JobTimeoutException" in job.latest_result().exc_string
    assert workers.started_count(outbox, address) == 1
    assert not workers.sent(outbox, address)


def test_task_whose_process_is_killed_is_lost(rq_queue, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"eve-{uuid.uuid4().hex[:8]}@example.com"
    job = rq_queue.queue.enqueue(rq_queue.welcome.send_welcome_email_when_released, address)

    with rq_worker(outbox, tmp_path / "worker.log") as worker:
        workers.wait_until(lambda: workers.started_count(outbox, address) == 1, "the job to start", worker)
        assert job.id in rq_queue.queue.started_job_registry.get_job_ids(), "RQ lists the running job"
        workers.kill_task_process(outbox, address)
        # The worker outlives its "work horse" (the forked child) and records the job's fate.
        workers.wait_until(lambda: job.get_status() == "failed", "the job to be marked failed", worker)
        workers.release(outbox)
        assert worker.is_alive()
    assert job.id in rq_queue.queue.failed_job_registry.get_job_ids()
    assert rq_queue.queue.count == 0, "nothing put the job back on the queue"
    assert not workers.sent(outbox, address)
    assert workers.started_count(outbox, address) == 1
    assert comparison.outcome("rq", "survives_worker_kill", "default") == "lost"


def test_task_with_retries_whose_process_is_killed_is_run_again(rq_queue, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"eve-{uuid.uuid4().hex[:8]}@example.com"
    job = rq_queue.queue.enqueue(
        rq_queue.welcome.send_welcome_email_when_released, address, retry=rq_queue.Retry(max=1)
    )
    with rq_worker(outbox, tmp_path / "worker.log") as worker:
        workers.kill_task_process(outbox, address)
        # A killed work horse counts as a failure, and a failure with retries left is retried.
        workers.wait_until(lambda: workers.started_count(outbox, address) == 2, "the job to start again", worker)
        workers.release(outbox)
        workers.wait_until(lambda: job.get_status() == "finished", "the job to finish", worker)
    assert workers.outbox_lines(outbox).count(f"sent {address}") == 1
    assert comparison.outcome("rq", "survives_worker_kill", "with_retry") == "re-run"


def test_task_enqueued_with_a_delay_runs_after_it(rq_queue, tmp_path):
    outbox = tmp_path / "outbox.txt"
    address = f"dan-{uuid.uuid4().hex[:8]}@example.com"
    # A worker SIGKILLed by an earlier run may still hold the scheduler lock (61 s).
    rq_queue.queue.connection.delete("rq:scheduler-lock:toq_ladder_welcome")

    def enqueue_later(seconds):
        rq_queue.queue.enqueue_in(timedelta(seconds=seconds), rq_queue.welcome.send_welcome_email, address)

    with rq_worker(outbox, tmp_path / "worker.log", "--with-scheduler") as worker:
        elapsed = workers.seconds_until_sent(worker, "Listening on", enqueue_later, outbox, address, delay=2)
    # RQ stores the time to run in whole seconds (rounded down), so 2 s means at least 1 s.
    assert elapsed >= 1


def test_rq_cron_enqueues_a_registered_job_again_and_again(rq_queue, tmp_path):
    outbox = tmp_path / "outbox.txt"
    config = workers.ROOT / "snippets" / "ladder" / "rq" / "cron_config.py"
    scheduler = CronScheduler(connection=rq_queue.queue.connection)
    scheduler.load_config_from_file(str(config))
    [job] = scheduler.get_jobs()
    assert (job.func, job.interval, job.queue_name) == (rq_queue.welcome.send_welcome_email, 1, rq_queue.QUEUE_NAME)
    cron_command = [str(workers.BIN / "rq"), "cron", "--url", workers.REDIS_URL, str(config)]
    environment = workers.worker_environment(outbox)
    with workers.running(cron_command, environment, tmp_path / "cron.log") as cron_process, \
            rq_worker(outbox, tmp_path / "worker.log"):
        workers.wait_until(lambda: workers.outbox_lines(outbox).count("sent digest@example.com") >= 2,
                           "a second run of the recurring job", cron_process)

