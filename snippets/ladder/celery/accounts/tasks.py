"""The sign-up's background work; `celery -A signup_project worker` runs it."""

from smtplib import SMTPException

from celery import shared_task
from django.contrib.auth.models import User
from django.core.mail import send_mail


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
    user = User.objects.get(pk=user_id)
    send_mail("Welcome", f"Hello {user.username}, welcome aboard!", None, [user.email])
