"""Settings of the sign-up project with Procrastinate, its jobs kept in PostgreSQL.

Secrets and host names come from the environment; every other value is the one this
guide recommends in production.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")

INSTALLED_APPS = [
    # --8<-- [start:procrastinate_app]
    # Before your own apps, so that Procrastinate is ready when their code runs.
    "procrastinate.contrib.django",
    # --8<-- [end:procrastinate_app]
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "accounts",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
ROOT_URLCONF = "signup_project.urls"

# --8<-- [start:database]
# The jobs live in this database, so it must be PostgreSQL. The connection comes from
# the variables that psql reads too.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("PGDATABASE", "signup_project"),
        "USER": os.environ.get("PGUSER", ""),
        "PASSWORD": os.environ.get("PGPASSWORD", ""),
        "HOST": os.environ.get("PGHOST", "localhost"),
        "PORT": os.environ.get("PGPORT", "5432"),
    }
}
# --8<-- [end:database]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"

DEFAULT_FROM_EMAIL = "welcome@example.com"
# Who gets the daily sign-up report (mail_admins in accounts/tasks.py).
# Django 5.2 takes (name, address) pairs; 6.0 and newer take addresses alone.
ADMINS = [("Ops", "ops@example.com")]
# Django 5.2 has no MAILERS: these configure its one email backend, SMTP by default.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_TIMEOUT = 10

# --8<-- [start:procrastinate]
PROCRASTINATE_WORKER_DEFAULTS = {
    # Each worker writes a heartbeat into the database every 10 s. One silent for 30 s
    # counts as dead, and the jobs it was running as stalled: retry_stalled_jobs in
    # accounts/tasks.py puts them back in the queue.
    "update_heartbeat_interval": 10,
    "stalled_worker_timeout": 30,
}

# The worker logs each job it starts, finishes, retries or fails, with the traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"procrastinate": {"handlers": ["console"], "level": "INFO"}},
}
# --8<-- [end:procrastinate]
