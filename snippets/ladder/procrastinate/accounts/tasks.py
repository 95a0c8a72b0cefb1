"""The sign-up's background work; `python manage.py procrastinate worker` runs it."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import mail_admins, send_mail
from django.utils import timezone
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app


# When sending fails, try again up to 3 times: 5 s later, then 25 s, then 125 s.
# OSError covers smtplib's errors and a server that cannot be reached at all.
@app.task(
    retry=RetryStrategy(max_attempts=3, exponential_wait=5, retry_exceptions={OSError})
)
def send_welcome_email(user_id):
    user = User.objects.get(pk=user_id)
    send_mail("Welcome", f"Hello {user.username}, welcome aboard!", None, [user.email])


# Every day at 07:00 UTC. Every worker runs the schedule; the database lets only one
# of them defer each day's job.
@app.periodic(cron="0 7 * * *")
@app.task
def send_signup_report(timestamp):
    since = timezone.now() - timedelta(days=1)
    count = User.objects.filter(date_joined__gte=since).count()
    mail_admins("Sign-ups", f"{count} new users in the last 24 hours.")


# A worker killed in the middle of a job (SIGKILL, a crash, a lost machine) leaves the
# job `doing` forever. Every minute, send back to the queue the jobs of workers whose
# heartbeat is older than the timeout in PROCRASTINATE_WORKER_DEFAULTS. The queueing
# lock keeps one of these jobs waiting at a time, however long the workers are down.
@app.periodic(cron="* * * * *")
@app.task(queueing_lock="retry_stalled_jobs")
async def retry_stalled_jobs(timestamp):
    timeout = settings.PROCRASTINATE_WORKER_DEFAULTS["stalled_worker_timeout"]
    stalled = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=timeout)
    for job in stalled:
        await app.job_manager.retry_job(job)
