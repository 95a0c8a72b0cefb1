"""The accounts app's outbox: each welcome email to send, recorded before a thread
starts on it."""

from django.conf import settings
from django.db import models


class WelcomeEmail(models.Model):
    """A user's welcome email. The sign-up writes the row in its own transaction;
    ``sent_at`` stays empty until the SMTP server has taken the email."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True)
