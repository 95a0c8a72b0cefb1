"""snippets/django_project/slow_work: each handoff runs the slow call; an unknown one is a clear 404."""

import pytest

from slow_work import views


@pytest.fixture(scope="module", autouse=True)
def helper_drained_while_pytest_still_captures_logs():
    # Left to interpreter exit, its shutdown report would go to a log stream pytest has closed.
    yield
    views.helper.shutdown(deadline=5)


@pytest.fixture
def counters():
    with views.counters.lock:
        views.counters.reset()
    return views.counters


@pytest.mark.parametrize("variant", ["inline", "thread", "pool", "helper"])
def test_each_variant_answers_and_its_slow_call_finishes(client, counters, variant):
    response = client.post(f"/slow/signup/{variant}/")
    assert response.status_code == 200
    assert response.json() == {"variant": variant}
    assert counters.wait_until_finished(1, timeout=5)
    assert client.get("/slow/stats/").json()["finished"] == 1


def test_an_unknown_variant_is_a_404_that_names_the_known_ones(client):
    response = client.post("/slow/signup/carrier-pigeon/")
    assert response.status_code == 404
    assert response.json() == {"error": "unknown variant 'carrier-pigeon'; known: helper, inline, pool, thread"}


def test_reset_needs_post_and_clears_the_counts(client, counters):
    client.post("/slow/signup/inline/")
    assert client.get("/slow/reset/").status_code == 405
    assert client.post("/slow/reset/").json()["started"] == 0
