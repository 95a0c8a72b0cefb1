"""Settings of the sign-up project with Dramatiq on RabbitMQ, through django_dramatiq.

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
    # --8<-- [start:dramatiq_app]
    # First: it sets up the broker before your apps' actors are declared.
    "django_dramatiq",
    # --8<-- [end:dramatiq_app]
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

DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True

DEFAULT_FROM_EMAIL = "welcome@example.com"
# Django 5.2 has no MAILERS: these configure its one email backend, SMTP by default.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_TIMEOUT = 10

# --8<-- [start:dramatiq]
DRAMATIQ_BROKER = {
    "BROKER": "dramatiq.brokers.rabbitmq.RabbitmqBroker",
    "OPTIONS": {
        "url": os.environ.get("DRAMATIQ_BROKER_URL", "amqp://localhost:5672"),
        # Wait until RabbitMQ confirms each message. With the default, False, a
        # message RabbitMQ cannot route to its queue is dropped without a word.
        "confirm_delivery": True,
    },
    # This list replaces Dramatiq's default middleware; without it the broker gets
    # none at all: no retries and no time limit.
    "MIDDLEWARE": [
        "dramatiq.middleware.AgeLimit",
        "dramatiq.middleware.TimeLimit",
        "dramatiq.middleware.ShutdownNotifications",
        "dramatiq.middleware.Callbacks",
        "dramatiq.middleware.Pipelines",
        "dramatiq.middleware.Retries",
        # Closes the database connections of the worker's threads, as requests do.
        "django_dramatiq.middleware.DbConnectionsMiddleware",
    ],
}
# --8<-- [end:dramatiq]
