"""The sign-up's background work; `python manage.py rqworker` runs it."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.core.mail import mail_admins, send_mail
from django.utils import timezone
from django_rq import job
from rq import Retry


# A run that raises, dies or passes 60 seconds counts as failed, and is tried again
# 10, 30, then 60 seconds later; after the fourth run the job stays failed.
@job("default", timeout=60, retry=Retry(max=3, interval=[10, 30, 60]))
def send_welcome_email(user_id):
    user = User.objects.get(pk=user_id)
    send_mail("Welcome", f"Hello {user.username}, welcome aboard!", None, [user.email])


def send_signup_report():
    since = timezone.now() - timedelta(days=1)
    count = User.objects.filter(date_joined__gte=since).count()
    mail_admins("Sign-ups", f"{count} new accounts in the last 24 hours.")
