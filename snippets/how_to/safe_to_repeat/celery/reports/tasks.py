"""The project's recurring work; `celery -A signup_project beat` sends it when due."""

from datetime import timedelta

from celery import shared_task
from django.contrib.auth.models import User
from django.core.mail import mail_admins
from django.utils import timezone


@shared_task
def send_signup_report():
    since = timezone.now() - timedelta(days=1)
    count = User.objects.filter(date_joined__gte=since).count()
    mail_admins("Sign-ups", f"{count} new users in the last 24 hours.")
