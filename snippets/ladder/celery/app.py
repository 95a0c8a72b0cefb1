"""Send the welcome email with Celery: the app, its tasks, and the settings that matter."""

import os
from smtplib import SMTPException

from celery import Celery

from snippets.ladder import welcome

# The same code runs on Redis or RabbitMQ; only the broker URL changes.
BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/7")

app = Celery("welcome", broker=BROKER_URL, backend="redis://127.0.0.1:6379/7")
app.conf.task_default_queue = "toq_ladder_celery"
# Redis re-delivers an unacknowledged message only after this many seconds
# (default 3600). Short here so the tests need not wait; see the page.
app.conf.broker_transport_options = {"visibility_timeout": 10}
# How long the worker waits for a result from a pool process that died before it
# reports WorkerLostError (default 10 s). Short here for the tests too.
app.conf.worker_lost_wait = 1
app.conf.broker_connection_retry_on_startup = True


@app.task
def send_welcome_email(address):
    return welcome.send_welcome_email(address)


# --8<-- [start:late_ack]
@app.task(acks_late=True, reject_on_worker_lost=True)
def send_welcome_email_safely(address):
    # Acknowledged only once it returns; if its process dies, the message goes back on the queue.
    return welcome.send_welcome_email_when_released(address)
# --8<-- [end:late_ack]


@app.task
def send_welcome_email_when_released(address):
    return welcome.send_welcome_email_when_released(address)


# --8<-- [start:retry]
@app.task(autoretry_for=(SMTPException,), max_retries=2, default_retry_delay=0)
def send_welcome_email_or_fail(address, failures):
    return welcome.send_welcome_email_or_fail(address, failures)
# --8<-- [end:retry]
