"""The Dramatiq rung's fixtures, found by pytest for every test module in this folder.

``broker`` is the test's own view of RabbitMQ, the actor's queue emptied before and after: the
shared ``dramatiq_broker`` of ``tests/test_snippets/conftest.py``, which the safe-to-repeat
how-to takes too. ``project`` is the migrated project, with the ``hold-`` tasks released when
the test ends.
"""

import pytest

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.dramatiq.dramatiq_project import make_project


@pytest.fixture
def broker(dramatiq_broker):
    """The test's own view of RabbitMQ: the queue starts and ends empty."""
    return dramatiq_broker


@pytest.fixture
def project(tmp_path, broker):
    project = make_project(tmp_path)
    yield project
    workers.release(project.outbox)  # no task outlives its test waiting
