"""What the scheduled reminders keep in the database: who got one, and the run lock."""

from django.conf import settings
from django.db import models


class Reminder(models.Model):
    """One row per user reminded: the next run skips them."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    sent_at = models.DateTimeField(auto_now_add=True)


class RunLock(models.Model):
    """A lock held by one run of a command, on whichever server it runs."""

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=200)
    expires_at = models.DateTimeField()
