"""Settings of the sign-up project with Celery.

Secrets, host names and the broker's address come from the environment; every other
value is the one this guide recommends in production.
"""

import os
from pathlib import Path

from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "accounts",
    "reports",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
ROOT_URLCONF = "signup_project.urls"

DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
# Celery beat reads its crontab hours in this time zone too (or in CELERY_TIMEZONE).
TIME_ZONE = "UTC"

DEFAULT_FROM_EMAIL = "welcome@example.com"
# Who gets the daily sign-up report (mail_admins in reports/tasks.py).
# Django 5.2 takes (name, address) pairs; 6.0 and newer take addresses alone.
ADMINS = [("Ops", "ops@example.com")]
# Django 5.2 has no MAILERS: these configure its one email backend, SMTP by default.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_TIMEOUT = 10

# --8<-- [start:broker]
# Redis or RabbitMQ (amqp://user:password@host:5672/): the code stays the same.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://localhost:6379/0")
# On Redis, a message that a worker took but has not acknowledged goes to another
# worker after the visibility timeout: one hour by default, longer than any countdown
# or retry wait of these tasks. See "Caveats" in Celery's Redis docs before you use
# longer ones.
# --8<-- [end:broker]

# --8<-- [start:beat]
CELERY_BEAT_SCHEDULE = {
    "daily-signup-report": {
        "task": "reports.tasks.send_signup_report",
        # Every day at 07:00, in TIME_ZONE.
        "schedule": crontab(hour=7, minute=0),
    },
}
# --8<-- [end:beat]
