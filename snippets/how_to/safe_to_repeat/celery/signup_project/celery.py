"""The sign-up project's Celery app; `celery -A signup_project worker` loads it."""

import os

from celery import Celery

# The celery command reads Django's settings too; manage.py sets the same default.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signup_project.settings")

app = Celery("signup_project")
# Celery's settings live in Django's, with a CELERY_ prefix: CELERY_BROKER_URL is
# Celery's broker_url, CELERY_BEAT_SCHEDULE its beat_schedule.
app.config_from_object("django.conf:settings", namespace="CELERY")
# Import the tasks.py module of every app in INSTALLED_APPS.
app.autodiscover_tasks()
