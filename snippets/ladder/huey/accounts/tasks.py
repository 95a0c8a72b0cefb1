"""The sign-up's background work; `python manage.py run_huey` runs it."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.core.mail import mail_admins, send_mail
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


# db_task closes the consumer's database connection around each run. A failure (an SMTP
# server that hangs up) is tried again a minute later, three times at most.
@db_task(retries=3, retry_delay=60)
def send_welcome_email(user_id):
    user = User.objects.get(pk=user_id)
    send_mail("Welcome", f"Hello {user.username}, welcome aboard!", None, [user.email])


# Every day at 07:00 UTC: Huey reads crontab times in UTC. The consumer enqueues it
# itself; with several consumers, start all of them but one with --no-periodic.
@db_periodic_task(crontab(minute="0", hour="7"))
def send_signup_report():
    since = timezone.now() - timedelta(days=1)
    count = User.objects.filter(date_joined__gte=since).count()
    mail_admins("Sign-ups", f"{count} new accounts in the last 24 hours.")
