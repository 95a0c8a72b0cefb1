"""The django-tasks-db rung's fixture, found by pytest for every test module in this folder."""

import pytest

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.django_tasks.django_tasks_project import make_project


@pytest.fixture
def project(tmp_path):
    """The migrated project, its queue a table in the test's own database."""
    project = make_project(tmp_path)
    yield project
    workers.release(project.outbox)  # no task outlives its test waiting
