"""The sign-up's background work; `python manage.py rundramatiq` runs it."""

import dramatiq
from django.contrib.auth.models import User
from django.core.mail import send_mail


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
    user = User.objects.get(pk=user_id)
    send_mail("Welcome", f"Hello {user.username}, welcome aboard!", None, [user.email])
