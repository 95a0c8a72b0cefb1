"""Settings for an example project of ``snippets/`` under test: its own, with the test's parts.

A test starts the project's ``manage.py`` or worker command with
``DJANGO_SETTINGS_MODULE=tests.helpers.example_settings`` (``ExampleProject`` does), so the
project's own ``signup_project/settings.py`` stays as a reader copies it. Here only what a test
must own changes: the database and the outbox go into the test's folder, email goes to the
journal of ``journal_email_backend.py``, and ``testserver`` (Django's test client) is allowed.
A rung that needs more (a broker's database number, a shorter wait) adds it in an overlay of its
own that imports this one.
"""

import os
from pathlib import Path

import django

from signup_project.settings import *  # noqa: F403  (the project this process runs)
from signup_project.settings import ALLOWED_HOSTS

TEST_DATA = Path(os.environ["EXAMPLE_DATA_DIR"])

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": TEST_DATA / "db.sqlite3",
    }
}


def journal_email(backend: str) -> dict[str, object]:
    """The settings that send email to ``backend`` (the journal, or an overlay's subclass of it)
    with the test's journal file: MAILERS on Django 6.1; on 5.2, which has no MAILERS,
    EMAIL_BACKEND and the journal's path in EMAIL_JOURNAL. An overlay applies them with
    ``globals().update(journal_email(...))``."""
    journal = str(TEST_DATA / "outbox.txt")
    if django.VERSION >= (6, 1):
        return {
            "MAILERS": {
                "default": {"BACKEND": backend, "OPTIONS": {"journal": journal}}
            }
        }
    return {"EMAIL_BACKEND": backend, "EMAIL_JOURNAL": journal}


globals().update(journal_email("tests.helpers.journal_email_backend.JournalBackend"))
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
