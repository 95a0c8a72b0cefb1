"""Every page, as a first-time reader's Chromium loads it: axe-core finds no serious or critical
accessibility violation, in the light and in the dark colour scheme, and what it receives weighs
at most 250 KB gzip (the table of weights is printed: see it with ``pytest -rP``).

axe-core (4.12.1) comes from PyPI, as the axe.min.js bundled in axe-playwright-python 0.1.8, so the test
needs no network. Each page is loaded once and checked in both schemes, switched with
Material's own toggle, as a reader would.
"""

import functools
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_FILE_PATH

from snippets.measurements import bench
from snippets.questionnaire import decide
from tests.helpers.site import site_pages

# Its fixture runs axe on every page twice, and, as the first user of `built_site` in a run, also
# waits for the session's strict build: together more than the 120 s default on a loaded machine.
pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

# The questionnaire is checked with a recommendation on show, not only the empty form.
QUERIES = {"decide/questionnaire/": "?" + decide.query_string(next(decide.every_combination()))}
# Each scheme, the toggle that leaves it, and the rules run in it: every rule in the first;
# in the second only those whose outcome depends on colour, as the markup stays the same.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SCHEMES = [("default", "Switch to dark mode", None), ("slate", "Switch to light mode", COLOUR_RULES)]
# Material has applied a scheme, and the questionnaire, if any, has drawn itself.
SETTLED = """() => document.body.dataset.mdColorScheme !== undefined
    && (!document.getElementById("questionnaire") || document.getElementById("questionnaire").dataset.state === "ready")"""
BLOCKING_VIOLATIONS = """(rules) => axe.run(document, {resultTypes: ["violations"], ...(rules && {runOnly: rules})})
    .then((results) => results.violations
    .filter((violation) => ["serious", "critical"].includes(violation.impact))
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.length} element(s), `
         + `first ${violation.nodes[0].target.join(" ")}: ${violation.help}`))"""
# Issue 6's budget, the one `make bench` checks: gzip (level 6) of every response body a page
# receives, search index aside. Material fetches the index (and starts its search worker) on
# every page load, not only when the reader searches; the index is the site's whole text, so it
# is left out, while the worker, sitemap.xml and the favicon count.
PAGE_WEIGHT_BUDGET = 250_000
NOT_COUNTED = {"/search/search_index.json"}


@functools.cache
def served_gzip_size(site, url_path: str) -> int:
    """The gzip size of the file the loopback server sent for ``url_path``: it sends files as they are."""
    served = site / url_path.lstrip("/")
    if served.is_dir():
        served /= "index.html"
    assert served.is_file(), f"the browser received {url_path}, which the built site does not have"
    return bench.gzip_size(served.read_bytes())


@pytest.fixture(scope="module")
def visits(browser, built_site, site_url) -> dict[str, dict]:
    """For each page: the serious or critical violations axe reports, and its weight.

    One context visits every page, so shared files may come from the cache after the first page;
    a page's weight still counts, at its gzip size, every file it asked for, which is what a
    reader with an empty cache receives. ``received`` lists those files' paths. Each size is
    that of the file the loopback server sent, gzipped as `make bench` does (asking Playwright for a
    notebook page's document body once it had settled never returned).
    """
    context = browser.new_context(color_scheme="light")
    context.add_init_script(path=AXE_FILE_PATH)
    requested = []
    page = context.new_page()
    page.on("requestfinished", lambda request: requested.append(request))
    results = {}
    try:
        for path in site_pages(built_site):
            requested.clear()
            page.goto(site_url + path + QUERIES.get(path, ""))
            page.wait_for_function(SETTLED)
            violations = []
            for scheme, toggle, rules in SCHEMES:
                assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
                violations += [f"[{scheme}] {violation}" for violation in page.evaluate(BLOCKING_VIOLATIONS, rules)]
                page.locator(f"label.md-header__button[title='{toggle}']").click()
            page.wait_for_load_state("networkidle")
            received = {urlsplit(request.url).path for request in requested
                        if request.url.startswith(site_url)} - NOT_COUNTED
            weight = sum(served_gzip_size(built_site, url_path) for url_path in received)
            results[path] = {"violations": violations, "weight": weight, "received": received}
    finally:
        context.close()
    return results


def test_no_serious_or_critical_violation_on_any_page(visits):
    report = [f"/{path} {violation}" for path, visit in visits.items() for violation in visit["violations"]]
    assert not report, f"{len(report)} serious or critical violation(s):\n" + "\n".join(report)
    assert len(visits) >= 10


def test_every_page_stays_under_the_weight_budget(visits, built_site):
    print(f"{'page':40} {'gzip bytes':>12}")
    for path, visit in visits.items():
        print(f"/{path:39} {visit['weight']:>12,}")
    too_heavy = {path: visit["weight"] for path, visit in visits.items() if visit["weight"] > PAGE_WEIGHT_BUDGET}
    assert not too_heavy, f"over {PAGE_WEIGHT_BUDGET:,} bytes gzip: {too_heavy}"
    # A page that received next to nothing was not really loaded, and its weight means nothing.
    assert all(visit["weight"] > 20_000 and len(visit["received"]) >= 8 for visit in visits.values())
    # `make bench` counts a page's HTML and the stylesheets and scripts it links, gzipped the same
    # way; the browser receives at least those, so its figure can only be higher.
    for path, weights in bench.page_weights(built_site).items():
        assert visits[path.lstrip("/")]["weight"] >= round(weights["total_kb"] * 1000), path
