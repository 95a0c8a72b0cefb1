"""Fixtures for tests of the background helper: pools that are always shut down afterwards.

A test module imports the fixtures it uses, so pytest finds them in its namespace.
"""

import pytest

import background


@pytest.fixture
def make_pool():
    """Build ``BackgroundPool`` objects; each is shut down (5 s deadline) when the test ends."""
    pools = []

    def build(**options):
        pool = background.BackgroundPool(**options)
        pools.append(pool)
        return pool

    yield build
    for pool in pools:
        pool.shutdown(deadline=5)


@pytest.fixture
def fresh_default_pool(make_pool, monkeypatch):
    """A new pool in place of ``background.default_pool``, so no test sees another's tasks."""
    pool = make_pool(name="default_for_test")
    monkeypatch.setattr(background, "default_pool", pool)
    return pool
