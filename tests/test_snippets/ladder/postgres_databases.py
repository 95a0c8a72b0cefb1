"""Databases of their own, on the tests' PostgreSQL server, for the example projects that need one.

A project whose queue lives in PostgreSQL (``snippets/ladder/procrastinate/``) cannot run on the
SQLite file of ``tests/helpers/example_settings.py``. Its tests create a database per test,
``ladder_<project>_<pid>_<n>``, apart from ``test`` and the ``test_*`` databases the Django tests
use, and drop it at the end, whatever connections a killed worker left behind. A migrated
database serves as the template of the next ones: a copy costs far less than a ``migrate``.

Without a PostgreSQL server the tests that need one skip with the reason; with ``CI=true`` they
fail (``tests/helpers/services.py``).
"""

import contextlib
import itertools
import os
from collections.abc import Iterator

import psycopg
from psycopg import sql

from tests.helpers import services

# The example projects (under snippets/) whose database must be PostgreSQL: their queue is there.
PROJECTS = {"ladder/procrastinate"}
HOST = "127.0.0.1"
PORT = 5432
USER = os.environ.get("PGUSER", "postgres")
# Only connected to, to create and drop the others.
MAINTENANCE_DATABASE = "test"
_numbers = itertools.count()


def need_postgresql() -> None:
    if not services.port_open(HOST, PORT):
        services.missing(f"PostgreSQL is not reachable at {HOST}:{PORT}")


def environment(database: str) -> dict[str, str]:
    """The variables psql reads, as a reader sets them, pointing at ``database``."""
    return {
        "PGHOST": HOST,
        "PGPORT": str(PORT),
        "PGUSER": USER,
        "PGDATABASE": database,
    }


def _execute(statement: sql.Composable) -> None:
    with psycopg.connect(
        host=HOST, port=PORT, user=USER, dbname=MAINTENANCE_DATABASE, autocommit=True
    ) as connection:
        connection.execute(statement)


@contextlib.contextmanager
def fresh_database(project: str, template: str | None = None) -> Iterator[str]:
    """A new, empty database (or a copy of ``template``), dropped at the end; its name."""
    name = f"ladder_{project}_{os.getpid()}_{next(_numbers)}"
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    _execute(create)
    try:
        yield name
    finally:
        # FORCE ends the sessions a killed worker's server processes may still hold.
        _execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


@contextlib.contextmanager
def database_for(project: str, purpose: str) -> Iterator[dict[str, str]]:
    """For a project of ``PROJECTS``, the variables that point it at a fresh, empty database
    (skipped or failed without a server, as ``need_postgresql``); for any other, none."""
    if project not in PROJECTS:
        yield {}
        return
    need_postgresql()
    with fresh_database(purpose) as name:
        yield environment(name)
