"""The Procrastinate rung's fixtures, found by pytest for every test module in this folder.

Each test runs on a PostgreSQL database of its own (``postgres_databases.py``): a copy of one
database per test module, migrated once, dropped at the end.
"""

import pytest

from tests.test_snippets.ladder import postgres_databases
from tests.test_snippets.ladder.procrastinate.procrastinate_project import example


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory):
    """One database per test module, filled by ``python manage.py migrate``; each test gets a copy."""
    postgres_databases.need_postgresql()
    with postgres_databases.fresh_database("procrastinate") as name:
        example(name, tmp_path_factory.mktemp("migrate")).run(
            "python manage.py migrate --verbosity 0"
        )
        yield name


@pytest.fixture
def database(migrated_database):
    """The test's own copy of the module's migrated database."""
    with postgres_databases.fresh_database(
        "procrastinate", template=migrated_database
    ) as name:
        yield name


@pytest.fixture
def project(database, tmp_path):
    """The project on the test's own database."""
    return example(database, tmp_path)
