"""The schedule tests' fixtures, found by pytest for every test module in this folder."""

import pytest

from tests.helpers import services
from tests.test_snippets.schedule.scheduled import PostgresDatabases


@pytest.fixture(scope="module")
def postgres_databases(tmp_path_factory):
    """Databases on the tests' PostgreSQL server, made from one migrated template, dropped at the end."""
    if not services.port_open("127.0.0.1", 5432):
        services.missing("PostgreSQL is not reachable at 127.0.0.1:5432")
    databases = PostgresDatabases(tmp_path_factory.mktemp("postgres-template"))
    yield databases
    databases.drop_all()
