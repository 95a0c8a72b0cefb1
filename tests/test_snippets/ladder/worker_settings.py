"""Settings for a `db_worker` started by the tests: the example project, on the test database.

pytest-django creates the test database under its ``TEST`` name; a worker in
another process must open that database, not the development one.
"""

from signup_project.settings import *  # noqa: F403
from signup_project.settings import DATABASES

DATABASES = {"default": {**DATABASES["default"], "NAME": DATABASES["default"]["TEST"]["NAME"]}}
