"""Every page, as a first-time reader's Chromium loads it: axe-core finds no serious or critical
accessibility violation, in the light and in the dark colour scheme, and what it receives weighs
at most 250 KB gzip (the table of weights is printed: see it with ``pytest -rP``).

axe-core (4.12.1) comes from PyPI, as the axe.min.js bundled in axe-playwright-python 0.1.8, so the test
needs no network. Each page is loaded once and checked in both schemes, switched with
Material's own toggle, as a reader would.
"""

import pytest

from benchmarks import bench

# Its fixture (`every_page`, in conftest.py) runs axe on every page twice, and, as the first user
# of `built_site` in a run, also waits for the session's strict build: together more than the 120 s default on a loaded machine.
pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

# Issue 6's budget, the one `make bench` checks: gzip (level 6) of every response body a page
# receives, search index aside. Material fetches the index (and starts its search worker) on
# every page load, not only when the reader searches; the index is the site's whole text, so it
# is left out, while the worker, sitemap.xml and the favicon count.
PAGE_WEIGHT_BUDGET = 250_000


def test_no_serious_or_critical_violation_on_any_page(every_page):
    report = [
        f"/{path} {violation}"
        for path, visit in every_page.items()
        for violation in visit["violations"]
    ]
    assert not report, f"{len(report)} serious or critical violation(s):\n" + "\n".join(
        report
    )
    assert len(every_page) >= 10


def test_every_page_stays_under_the_weight_budget(every_page, built_site):
    print(f"{'page':40} {'gzip bytes':>12}")
    for path, visit in every_page.items():
        print(f"/{path:39} {visit['weight']:>12,}")
    too_heavy = {
        path: visit["weight"]
        for path, visit in every_page.items()
        if visit["weight"] > PAGE_WEIGHT_BUDGET
    }
    assert not too_heavy, f"over {PAGE_WEIGHT_BUDGET:,} bytes gzip: {too_heavy}"
    # A page that received next to nothing was not really loaded, and its weight means nothing.
    assert all(
        visit["weight"] > 20_000 and len(visit["received"]) >= 8
        for visit in every_page.values()
    )
    # `make bench` counts a page's HTML and the stylesheets and scripts it links, gzipped the same
    # way; the browser receives at least those, so its figure can only be higher. (The sweep
    # visits one evidence page of the many, all from one template: see written_pages.)
    for path, weights in bench.page_weights(built_site).items():
        if path.lstrip("/") in every_page:
            assert every_page[path.lstrip("/")]["weight"] >= round(
                weights["total_kb"] * 1000
            ), path
