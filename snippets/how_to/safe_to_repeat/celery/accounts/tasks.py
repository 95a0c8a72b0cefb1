"""The sign-up's background work; `celery -A signup_project worker` runs it."""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.contrib.auth.models import User
from django.core.mail import send_mail

from .models import WelcomeEmail

logger = logging.getLogger(__name__)


@shared_task(
    # When the SMTP server fails, try again up to 3 times, after a random wait of at
    # most 60 s, then 120 s, then 240 s.
    autoretry_for=(SMTPException,),
    retry_backoff=60,
    max_retries=3,
    # Acknowledge the message only when the task ends, and put it back on the queue
    # if the process running it dies: the email is sent at least once.
    acks_late=True,
    reject_on_worker_lost=True,
)
def send_welcome_email(user_id):
    if WelcomeEmail.objects.filter(user_id=user_id).exists():
        # An earlier run sent the email and recorded it, then died before the
        # broker heard that it was done.
        logger.info("welcome email to user %s was sent before: skipped", user_id)
        return
    user = User.objects.get(pk=user_id)
    send_mail("Welcome", f"Hello {user.username}, welcome aboard!", None, [user.email])
    # Recorded once the SMTP server has taken the email. A crash between the send and
    # this line leaves no record, so the next run sends the email again.
    WelcomeEmail.objects.create(user=user)
