"""The sign-up's background work; `python manage.py rundramatiq` runs it."""

import logging

import dramatiq
from django.contrib.auth.models import User
from django.core.mail import send_mail

from .models import WelcomeEmail

logger = logging.getLogger(__name__)


@dramatiq.actor(
    # Default: 20 retries, waits doubling from 15 s up to 7 days: weeks in all, and
    # waits past RabbitMQ's consumer_timeout (30 minutes) trip it. Twelve retries, at
    # most 15 minutes apart, span one to two hours.
    max_retries=12,
    max_backoff=15 * 60 * 1000,  # milliseconds
    # Default: 10 minutes. One SMTP send needs far less.
    time_limit=60 * 1000,  # milliseconds
)
def send_welcome_email(user_id):
    if WelcomeEmail.objects.filter(user_id=user_id).exists():
        # An earlier delivery sent the email and recorded it, then died before the
        # broker heard that it was done.
        logger.info("welcome email to user %s was sent before: skipped", user_id)
        return
    user = User.objects.get(pk=user_id)
    send_mail("Welcome", f"Hello {user.username}, welcome aboard!", None, [user.email])
    # Recorded once the SMTP server has taken the email. A crash between the send and
    # this line leaves no record, so the next delivery sends the email again.
    WelcomeEmail.objects.create(user=user)
