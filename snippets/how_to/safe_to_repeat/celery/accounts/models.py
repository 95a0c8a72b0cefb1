"""The accounts app's records: which users the welcome email reached."""

from django.conf import settings
from django.db import models


class WelcomeEmail(models.Model):
    """A user whose welcome email the SMTP server accepted.

    The user is the primary key, so a user has one row at most.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True
    )
    sent_at = models.DateTimeField(auto_now_add=True)
