"""Recurring jobs; `python manage.py rqcron accounts.cron` enqueues each one on time."""

from rq import cron

from accounts.tasks import send_signup_report

# Every day at 9:00, in the local time of the machine that runs rqcron.
cron.register(send_signup_report, queue_name="default", cron="0 9 * * *")
