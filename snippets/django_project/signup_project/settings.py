"""Settings of the example project that the guide's Django pages quote.

Production reads three values from the environment: DJANGO_SECRET_KEY, DJANGO_DEBUG
and DJANGO_ALLOWED_HOSTS. Without them you get the safe choices below, not convenient
ones: debug off, local host names only, and a random secret key for this process alone.
For development on your machine, run with DJANGO_DEBUG=true.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

# No default that anyone could know: without DJANGO_SECRET_KEY each process draws its
# own key, so sessions end at every restart and `check --deploy` flags the prefix.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (
    "django-insecure-" + get_random_secret_key()
)
DEBUG = os.environ.get("DJANGO_DEBUG", "false") == "true"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "accounts",
    "reminders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "signup_project.urls"
WSGI_APPLICATION = "signup_project.wsgi.application"

# HTTPS. The project expects a proxy (nginx, a load balancer) in front of it that ends
# TLS and sets X-Forwarded-Proto on every request, replacing whatever the client sent:
# only such a proxy makes this header safe to trust. Without one, remove this line.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain HTTP is redirected to HTTPS, and cookies travel over HTTPS only; with
# DJANGO_DEBUG=true, `runserver` serves plain HTTP on your machine.
SECURE_SSL_REDIRECT = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# Browsers remember HSTS for this many seconds and then refuse plain HTTP to this host
# and, with INCLUDE_SUBDOMAINS, to every subdomain. Start with 3600 on a new site and
# raise it to a year once every subdomain serves HTTPS.
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading asks browsers to ship your domain in their HTTPS-only list, which is slow
# to undo; turn it on (SECURE_HSTS_PRELOAD = True) only once you mean to submit it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# SQLite in a file, and a file for the test database too (Django's default test
# database is in memory, shared between connections): each thread then gets a
# connection of its own, as it does in production. The guide's test suite runs every
# test again on PostgreSQL, with THREAD_OR_QUEUE_DATABASE=postgres.
DATABASES_BY_NAME = {
    "sqlite": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
        "TEST": {"NAME": BASE_DIR / "test-db.sqlite3"},
    },
    "postgres": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "test",
        "USER": os.environ.get("PGUSER", "postgres"),
        "HOST": "127.0.0.1",
        "PORT": 5432,
        # Two checkouts testing at once each need their own test database.
        "TEST": {
            "NAME": os.environ.get("THREAD_OR_QUEUE_PG_TEST_DB", "test_thread_or_queue")
        },
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

USE_TZ = True
TIME_ZONE = "UTC"

# Django 6.1 configures email through MAILERS (EMAIL_BACKEND is deprecated). The test
# runner replaces every mailer with its in-memory one.
DEFAULT_FROM_EMAIL = "welcome@example.com"
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "timeout": 10,
        },
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
