"""Fixtures and collection rules shared by all tests.

The Sybil doc tests are set up in ../conftest.py. ``make test`` runs pytest twice:
once on SQLite (everything), then with THREAD_OR_QUEUE_DATABASE=postgres for the
tests marked ``django_db`` or ``postgres``.
"""

import os

import pytest

from tests.helpers import services, snippets

snippets.start_recording()

DATABASE = os.environ.get("THREAD_OR_QUEUE_DATABASE", "sqlite")
LAST = "tests/test_docs/test_included_files.py::test_every_included_python_file_is_run_by_a_test"
full_run_key = pytest.StashKey[bool]()


def pytest_configure(config):
    if DATABASE == "postgres" and not services.port_open("127.0.0.1", 5432) and services.IN_CI:
        raise pytest.UsageError("PostgreSQL is not reachable at 127.0.0.1:5432, and CI=true needs it")


def pytest_unconfigure(config):
    snippets.stop_recording()


def pytest_collection_modifyitems(session, config, items):
    if DATABASE != "postgres":
        # PostgreSQL-only tests run in the PostgreSQL pass; here they are not skipped but left out.
        postgres_only = [item for item in items if item.get_closest_marker("postgres")]
        if postgres_only:
            config.hook.pytest_deselected(items=postgres_only)
            items[:] = [item for item in items if not item.get_closest_marker("postgres")]
    elif not services.port_open("127.0.0.1", 5432):
        skip = pytest.mark.skip(reason="PostgreSQL is not reachable at 127.0.0.1:5432; start it to run this pass")
        for item in items:
            item.add_marker(skip)
    # The included-files check reads what the other tests ran, so it goes last.
    items.sort(key=lambda item: item.nodeid == LAST)
    config.stash[full_run_key] = (
        not config.option.keyword
        and not config.option.markexpr
        and config.args_source is pytest.Config.ArgsSource.TESTPATHS
    )


@pytest.fixture
def full_run(request) -> bool:
    """True when this session collected the whole suite, not a selection."""
    return request.config.stash.get(full_run_key, False)
