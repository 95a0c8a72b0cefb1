"""The sign-up's background work: blocking code, run in a thread off the event loop."""

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import connection


def send_welcome_email(user_id):
    try:
        user = User.objects.get(pk=user_id)
        send_mail(
            "Welcome", f"Hello {user.username}, welcome aboard!", None, [user.email]
        )
    finally:
        # The thread belongs to the event loop's executor, not to a request: nothing
        # else closes the database connection it opened.
        connection.close()
