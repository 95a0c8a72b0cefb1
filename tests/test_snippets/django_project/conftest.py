"""Fixtures of the example project's tests.

The project's settings (``signup_project/settings.py``) redirect plain HTTP to HTTPS and
trust the ``X-Forwarded-Proto`` header of the proxy in front of them, so the test client
sends that header, as the proxy would. Django's test client skips CSRF checks unless
asked (``Client(enforce_csrf_checks=True)``, see ``test_signup.py``). The pools of the
background helper that a test builds are always shut down afterwards.
"""

import pytest
from django.test import Client

import background

# What the proxy adds: the scheme the browser used, and the host name it asked for.
THROUGH_THE_HTTPS_PROXY = {"X-Forwarded-Proto": "https", "Host": "testserver"}


@pytest.fixture
def client():
    return Client(headers=THROUGH_THE_HTTPS_PROXY)


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
