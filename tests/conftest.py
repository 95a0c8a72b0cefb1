"""Fixtures and collection rules shared by all tests.

The Sybil doc tests are set up in ../conftest.py. ``make test`` runs the suite with pytest-xdist,
then the tests marked ``django_db`` or ``postgres`` again with THREAD_OR_QUEUE_DATABASE=postgres,
both under coverage.py (see the Makefile). The tests that talk to Redis or RabbitMQ share their
queues, so xdist gives them all to one process, which runs them one after another; so are the
blocks of each page, which share their names.
The ``shows`` marker ties a test to a cell of docs/decide/options.yml (tools/comparison.py); a
marker naming what the data does not have stops the run at collection.
"""

import os
import signal

import pytest

from tests.helpers import services
from tools import ROOT, comparison

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


# First, before pytest-xdist reads the xdist_group markers added here.
@pytest.hookimpl(tryfirst=True)
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
    for item in items:
        if item.get_closest_marker("redis") or item.get_closest_marker("rabbitmq"):
            item.add_marker(pytest.mark.xdist_group("brokers"))
        elif item.path.suffix == ".md":
            # The blocks of a page share their names, top to bottom (Sybil): one process
            # runs them all, in order.
            page = item.path.relative_to(ROOT).as_posix()
            item.add_marker(pytest.mark.xdist_group(f"page:{page}"))
