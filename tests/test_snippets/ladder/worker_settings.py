"""Settings for a worker process started by the tests: the example project, on the test database.

pytest-django creates the test database under a name of its own (the ``TEST`` name, with a
suffix when tests run in parallel); a worker in another process must open that same database,
so the test passes the name in ``THREAD_OR_QUEUE_TEST_DATABASE`` (``workers.test_database_env()``).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from signup_project.settings import *  # noqa: F403
from signup_project.settings import DATABASES

if "THREAD_OR_QUEUE_TEST_DATABASE" not in os.environ:
    raise ImproperlyConfigured(
        "THREAD_OR_QUEUE_TEST_DATABASE is not set: start workers with workers.test_database_env(), "
        "which names the database the test is using"
    )
DATABASES = {"default": {**DATABASES["default"], "NAME": os.environ["THREAD_OR_QUEUE_TEST_DATABASE"]}}
