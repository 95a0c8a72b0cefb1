"""axe-core finds no serious or critical accessibility violation on any page, in the light
and in the dark colour scheme.

axe-core comes from PyPI, as the axe.min.js bundled in axe-playwright-python, so the test
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


def test_no_serious_or_critical_violation_on_any_page(browser, built_site, site_url):
    context = browser.new_context(color_scheme="light")
    context.add_init_script(path=AXE_FILE_PATH)
    page = context.new_page()
    report, checked = [], 0
    try:
        for path in site_pages(built_site):
            page.goto(site_url + path + QUERIES.get(path, ""))
            page.wait_for_function(SETTLED)
            for scheme, toggle, rules in SCHEMES:
                assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
                report += [f"/{path} [{scheme}] {violation}" for violation in page.evaluate(BLOCKING_VIOLATIONS, rules)]
                checked += 1
                page.locator(f"label.md-header__button[title='{toggle}']").click()
    finally:
        context.close()
    assert not report, f"{len(report)} serious or critical violation(s):\n" + "\n".join(report)
    assert checked >= 20
