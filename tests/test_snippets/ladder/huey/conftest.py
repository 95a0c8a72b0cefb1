"""The Huey rung's fixture, found by pytest for every test module in this folder."""

import pytest

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.huey.huey_project import make_project


@pytest.fixture
def project(tmp_path):
    """The migrated project, its Huey queue in the test's folder (``huey_settings.py``)."""
    project = make_project(tmp_path)
    yield project
    workers.release(project.outbox)  # no task outlives its test waiting
