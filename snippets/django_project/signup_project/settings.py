"""Settings of the example project that the guide's Django pages quote.

The database is SQLite in a file (not in memory), so every thread really gets a
connection of its own. Set ``THREAD_OR_QUEUE_DATABASE=postgres`` to use the
PostgreSQL server at 127.0.0.1:5432 instead (database ``test``).
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "example-only-not-secret"
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "accounts",
    # --8<-- [start:tasks_app]
    "django_tasks_db",
    # --8<-- [end:tasks_app]
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

ROOT_URLCONF = "signup_project.urls"
WSGI_APPLICATION = "signup_project.wsgi.application"

DATABASES_BY_NAME = {
    "sqlite": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
        # A file, not Django's shared in-memory test database: threads must
        # open connections of their own, as they do in production.
        "TEST": {"NAME": BASE_DIR / "test-db.sqlite3"},
    },
    "postgres": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "test",
        "USER": os.environ.get("PGUSER", "postgres"),
        "HOST": "127.0.0.1",
        "PORT": 5432,
        # Two checkouts testing at once each need their own test database.
        "TEST": {"NAME": os.environ.get("THREAD_OR_QUEUE_PG_TEST_DB", "test_thread_or_queue")},
    },
}
DATABASE_NAME = os.environ.get("THREAD_OR_QUEUE_DATABASE", "sqlite")
if DATABASE_NAME not in DATABASES_BY_NAME:
    raise ImproperlyConfigured(
        f"THREAD_OR_QUEUE_DATABASE={DATABASE_NAME!r} is not known; "
        f"use one of: {', '.join(DATABASES_BY_NAME)}"
    )
DATABASES = {"default": DATABASES_BY_NAME[DATABASE_NAME]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django 6.1 configures email through MAILERS (EMAIL_BACKEND is deprecated).
# Console email when you run the project yourself; the test runner swaps in locmem.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = "welcome@example.com"

# --8<-- [start:tasks]
# Django's Tasks framework with a real queue: rows in the database, run by
# `manage.py db_worker` (from the django-tasks-db package).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# --8<-- [end:tasks]

USE_TZ = True
TIME_ZONE = "UTC"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
