"""Recurring jobs for `rq cron`: the cron process enqueues each one on its schedule, and a worker runs it."""

from rq import cron

from snippets.ladder import welcome

# Every second, so the test need not wait; a daily job says interval=86400, or, in RQ 3.0 as here,
# cron="0 9 * * *". The address stands for a daily digest's recipient.
cron.register(welcome.send_welcome_email, queue_name="toq_ladder_welcome", args=("digest@example.com",), interval=1)
