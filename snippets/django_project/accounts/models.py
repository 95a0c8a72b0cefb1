"""Models of the example app: an upload that background work post-processes."""

from django.db import models


class Upload(models.Model):
    name = models.CharField(max_length=200)
    size_bytes = models.PositiveIntegerField()
    processed = models.BooleanField(default=False)
