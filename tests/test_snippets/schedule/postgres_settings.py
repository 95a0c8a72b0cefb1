"""Settings overlay for the scheduled command's tests on PostgreSQL.

On top of ``tests/helpers/example_settings.py`` (the email journal in the test's folder), the
database is one the test created for itself on the PostgreSQL server of the test suite
(``SCHEDULE_PG_DATABASE``, see ``scheduled.PostgresDatabases``), so that two runs of the
command, in two processes, meet in the same database as two servers would.
"""

import os

from tests.helpers.example_settings import *  # noqa: F403

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ["SCHEDULE_PG_DATABASE"],
        "USER": os.environ.get("PGUSER", "postgres"),
        "HOST": "127.0.0.1",
        "PORT": 5432,
    }
}
