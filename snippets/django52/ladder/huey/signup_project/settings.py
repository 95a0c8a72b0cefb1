"""Settings of the sign-up project with Huey, its queue kept in a SQLite file.

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
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "accounts",
    # --8<-- [start:huey_app]
    "huey.contrib.djhuey",
    # --8<-- [end:huey_app]
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

DEFAULT_FROM_EMAIL = "welcome@example.com"
# Who gets the daily sign-up report (mail_admins in accounts/tasks.py).
# Django 5.2 takes (name, address) pairs; 6.0 and newer take addresses alone.
ADMINS = [("Ops", "ops@example.com")]
# Django 5.2 has no MAILERS: these configure its one email backend, SMTP by default.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_TIMEOUT = 10

# --8<-- [start:huey]
HUEY = {
    "huey_class": "huey.SqliteHuey",
    # The default name is the database's NAME: a fixed one survives a moved database.
    "name": "signup_project",
    # Absolute, so the web processes and the consumer open the same file wherever
    # they start.
    "filename": BASE_DIR / "huey.sqlite3",
    # The default is DEBUG: with DEBUG on, tasks would run inside the web request.
    "immediate": False,
    # Keep a failing task's error until its last retry, so that reading its result
    # gives the final outcome rather than the first failure.
    "store_intermediate_errors": False,
    "consumer": {
        "workers": 2,
        "worker_type": "thread",
        # Deploys stop processes with SIGTERM, which by default interrupts running
        # tasks (and loses them); with "TERM" the consumer lets them finish first.
        "graceful_signal": "TERM",
    },
}
# --8<-- [end:huey]
