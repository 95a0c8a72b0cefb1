"""benchmarks/slow_work (the response-time measurement's views, mounted by benchmarks/urls.py):
each handoff runs the slow call, or stores it in the queue; an unknown one is a clear 404."""

import os

import pytest

from benchmarks import settings as harness
from benchmarks.slow_work import views

pytestmark = [
    # The slow call runs a query, from the request's thread or another one.
    pytest.mark.django_db(transaction=True),
    # The measurement's server runs on SQLite, as this module's first pass does. On PostgreSQL the
    # plain pool's workers would keep their connections to the test database, which then cannot be dropped.
    pytest.mark.skipif(
        os.environ.get("THREAD_OR_QUEUE_DATABASE") == "postgres",
        reason="the slow view is measured on SQLite; its plain pool keeps PostgreSQL connections open",
    ),
]


@pytest.fixture(autouse=True)
def harness_settings(settings):
    # pytest-django loads the project's settings; the harness's (benchmarks/settings.py) mount
    # these views and serve plain HTTP.
    settings.ROOT_URLCONF = harness.ROOT_URLCONF
    settings.SECURE_SSL_REDIRECT = harness.SECURE_SSL_REDIRECT


@pytest.fixture(scope="module", autouse=True)
def helper_drained_while_pytest_still_captures_logs():
    # Left to interpreter exit, its shutdown report would go to a log stream pytest has closed.
    yield
    views.helper.shutdown(deadline=5)


@pytest.fixture
def counters():
    with views.counters.lock:
        views.counters.reset()
    yield views.counters
    # A plain thread's or pool worker's connection stays open (the measurement counts exactly that);
    # closed here, each one, before the garbage collector would find it unclosed.
    for wrapper in list(views.open_connections.wrappers):
        if wrapper.connection is not None:
            wrapper.connection.close()
            wrapper.connection = None


@pytest.mark.parametrize("variant", ["inline", "thread", "pool", "helper"])
def test_each_variant_answers_and_its_slow_call_finishes(client, counters, variant):
    response = client.post(f"/slow/signup/{variant}/")
    assert response.status_code == 200
    assert response.json() == {"variant": variant}
    assert counters.wait_until_finished(1, timeout=5)
    assert client.get("/slow/stats/").json()["finished"] == 1


def test_the_queue_variant_stores_the_call_and_runs_nothing_here(
    client, counters, monkeypatch, tmp_path
):
    monkeypatch.setattr(views, "QUEUE_FILE", str(tmp_path / "queue.sqlite3"))
    views.queued_welcome_email.cache_clear()
    try:
        response = client.post("/slow/signup/queue/")
        assert response.status_code == 200
        assert views.queued_welcome_email().huey.pending_count() == 1
        assert client.get("/slow/stats/").json()["started"] == 0
    finally:
        views.queued_welcome_email().huey.storage.close()
        views.queued_welcome_email.cache_clear()


def test_stats_count_the_database_connections_the_calls_held_open(client, counters):
    client.post("/slow/signup/thread/")
    assert counters.wait_until_finished(1, timeout=5)
    assert client.get("/slow/stats/").json()["peak_db_connections"] == 1


def test_an_unknown_variant_is_a_404_that_names_the_known_ones(client):
    response = client.post("/slow/signup/carrier-pigeon/")
    assert response.status_code == 404
    assert response.json() == {
        "error": "unknown variant 'carrier-pigeon'; known: helper, inline, pool, queue, thread"
    }


def test_reset_needs_post_and_clears_the_counts(client, counters):
    client.post("/slow/signup/inline/")
    assert client.get("/slow/reset/").status_code == 405
    assert client.post("/slow/reset/").json()["started"] == 0
