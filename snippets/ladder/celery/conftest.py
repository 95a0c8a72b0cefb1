"""pytest's root configuration for the project: turns on Celery's test fixtures."""

pytest_plugins = ("celery.contrib.pytest",)
