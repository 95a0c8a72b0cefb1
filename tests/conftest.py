"""Fixtures and collection rules shared by all tests.

The Sybil doc tests are set up in ../conftest.py. ``make test`` runs pytest in two lanes side by
side (``tools/test_lanes.py``, which each of its sessions loads as a plugin); the workers lane
then runs the tests marked ``django_db`` or ``postgres`` again with THREAD_OR_QUEUE_DATABASE=postgres.
The ``shows`` marker ties a test to a cell of docs/decide/options.yml (tools/comparison.py); a
marker naming what the data does not have stops the run at collection.
"""

import os
import signal
from pathlib import Path

import pytest

from tests.helpers import services, snippets
from tools import ROOT, comparison, test_lanes

snippets.start_recording()

# A shell starts a background job (CI's, say) with SIGINT ignored, and a child inherits that:
# a server the tests stop with SIGINT, as Ctrl-C does, would never see it. A handler, unlike
# "ignored", is reset to the default in every child at exec.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

DATABASE = os.environ.get("THREAD_OR_QUEUE_DATABASE", "sqlite")


def pytest_configure(config):
    config.addinivalue_line("markers", comparison.MARKER_HELP)
    if (
        DATABASE == "postgres"
        and not services.port_open("127.0.0.1", 5432)
        and services.IN_CI
    ):
        raise pytest.UsageError(
            "PostgreSQL is not reachable at 127.0.0.1:5432, and CI=true needs it"
        )


def pytest_unconfigure(config):
    snippets.stop_recording()


def shows_marker_errors(items) -> list[str]:
    """What each ``@pytest.mark.shows`` names that docs/decide/options.yml does not know."""
    errors = []
    for item in items:
        for mark in item.iter_markers("shows"):
            path = item.path
            module = (
                path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path
            )
            test = f"{module}::{getattr(item, 'originalname', item.name)}"
            errors += comparison.marker_errors(test, mark.args, mark.kwargs)
    return list(dict.fromkeys(errors))  # a parametrized test repeats its markers


def pytest_collection_modifyitems(session, config, items):
    # A test that claims to show a cell the data does not have stops the run before it starts.
    if errors := shows_marker_errors(items):
        raise pytest.UsageError(
            "@pytest.mark.shows names what docs/decide/options.yml does not say:\n"
            + "\n".join(errors)
        )
    if DATABASE != "postgres":
        # PostgreSQL-only tests run in the PostgreSQL pass; here they are not skipped but left out.
        postgres_only = [item for item in items if item.get_closest_marker("postgres")]
        if postgres_only:
            config.hook.pytest_deselected(items=postgres_only)
            items[:] = [
                item for item in items if not item.get_closest_marker("postgres")
            ]
    elif not services.port_open("127.0.0.1", 5432):
        skip = pytest.mark.skip(
            reason="PostgreSQL is not reachable at 127.0.0.1:5432; start it to run this pass"
        )
        for item in items:
            item.add_marker(skip)
    # The included-files check reads what the other tests ran, so it goes last.
    items.sort(key=lambda item: item.nodeid == test_lanes.WHOLE_SUITE_CHECK)


# --8<-- [start:whole_suite]
@pytest.fixture
def executed_by_whole_suite(request) -> set[Path] | None:
    """The project files the whole suite executed, or None when this run did not cover it: either
    this session collected the whole suite (no ``-k``, ``-m``, paths or ``--ignore``), or it runs
    after ``make test``'s lanes and their records together cover it (see ``tools/test_lanes.py``).
    """
    if test_lanes.selects_everything(
        request.config
    ) and not request.config.pluginmanager.has_plugin("tools.test_lanes"):
        return snippets.all_executed_files()
    records = os.environ.get(test_lanes.RECORDS_ENV)
    in_lanes = test_lanes.executed_in_lanes(Path(records)) if records else None
    if (
        in_lanes is None
        and os.environ.get(test_lanes.REQUIRE_WHOLE_SUITE_ENV) == "true"
    ):
        pytest.fail(
            f"make test ran the whole suite, but the lanes' records in {records} do not cover it"
        )
    return None if in_lanes is None else in_lanes | snippets.all_executed_files()


# --8<-- [end:whole_suite]
