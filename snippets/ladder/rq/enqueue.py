"""Send the welcome email with RQ: enqueue in the web process, an `rq worker` runs it."""

from redis import Redis
from rq import Queue, Retry

from snippets.ladder import welcome

REDIS_URL = "redis://127.0.0.1:6379/7"
QUEUE_NAME = "toq_ladder_welcome"

queue = Queue(QUEUE_NAME, connection=Redis.from_url(REDIS_URL))


def enqueue_welcome_email(address):
    # RQ stores the function's import path and arguments in Redis; the worker imports it.
    return queue.enqueue(welcome.send_welcome_email, address)


# --8<-- [start:retry]
def enqueue_welcome_email_with_retries(address, failures):
    # Without retry=..., a job that raises goes straight to the FailedJobRegistry.
    return queue.enqueue(welcome.send_welcome_email_or_fail, address, failures, retry=Retry(max=2))
# --8<-- [end:retry]


# --8<-- [start:time_limit]
def enqueue_welcome_email_with_time_limit(address, seconds):
    # The work horse is stopped after job_timeout seconds (180 when not given) and the job marked failed.
    return queue.enqueue(welcome.send_welcome_email_when_released, address, job_timeout=seconds)
# --8<-- [end:time_limit]
