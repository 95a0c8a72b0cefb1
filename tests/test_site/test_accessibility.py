"""Every page, as a first-time reader's Chromium loads it: axe-core finds no serious or critical
accessibility violation, in the light and in the dark colour scheme, and the bytes received
stay under a budget (the table of weights is printed: see it with ``pytest -rP``).

axe-core (4.12.1) comes from PyPI, as the axe.min.js bundled in axe-playwright-python 0.1.8, so the test
needs no network. Each page is loaded once and checked in both schemes, switched with
Material's own toggle, as a reader would.
"""

import pytest
from axe_playwright_python.base import AXE_FILE_PATH

from snippets.questionnaire import decide
from tests.helpers.site import site_pages

pytestmark = pytest.mark.browser

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
# Every page loads the vendored Mermaid (about 3.6 MB); notebook pages add MathJax (about 2.1 MB)
# and their plots.
PAGE_WEIGHT_BUDGET = 8_000_000


@pytest.fixture(scope="module")
def visits(browser, built_site, site_url) -> dict[str, dict]:
    """For each page: the serious or critical violations axe reports, and the bytes received.

    One context visits every page, so shared files come from the cache after the first page;
    a page's weight counts every file it asked for at the size it had on the wire when first
    fetched, which is what a reader with an empty cache receives.
    """
    context = browser.new_context(color_scheme="light")
    context.add_init_script(path=AXE_FILE_PATH)
    wire_sizes, requested = {}, []
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
            for request in requested:
                sizes = request.sizes()
                size = sizes["responseHeadersSize"] + sizes["responseBodySize"]
                wire_sizes[request.url] = max(size, wire_sizes.get(request.url, 0))
            weight = sum(wire_sizes[url] for url in {request.url for request in requested})
            results[path] = {"violations": violations, "weight": weight}
    finally:
        context.close()
    return results


def test_no_serious_or_critical_violation_on_any_page(visits):
    report = [f"/{path} {violation}" for path, visit in visits.items() for violation in visit["violations"]]
    assert not report, f"{len(report)} serious or critical violation(s):\n" + "\n".join(report)
    assert len(visits) >= 10


def test_every_page_stays_under_the_weight_budget(visits):
    print(f"{'page':40} {'bytes received':>15}")
    for path, visit in visits.items():
        print(f"/{path:39} {visit['weight']:>15,}")
    too_heavy = {path: visit["weight"] for path, visit in visits.items() if visit["weight"] > PAGE_WEIGHT_BUDGET}
    assert not too_heavy, f"over {PAGE_WEIGHT_BUDGET:,} bytes: {too_heavy}"
    # A page that received next to nothing was not really loaded, and its weight means nothing.
    assert all(visit["weight"] > 20_000 for visit in visits.values())
