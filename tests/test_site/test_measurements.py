"""The measurement pages read as findings: the finding first, this build's numbers, then the method.

Each page (a notebook in ``docs/measurements/``, run at every build) opens with its finding in one
sentence, printed by the notebook from this build's results: every number in it is a ``<data>``
element holding the measured value (``benchmarks.common.number``), and the same values stand in
the page's tables. The chart and the tables come before "How this was measured"; the checks that
fail the build, and their output, come last. No table is wider than the screen, on a phone or a
desktop, and each page stays light.
"""

import re

import pytest

from benchmarks import bench
from tests.test_site.test_build import NOTEBOOK_PAGES

PAGE_BUDGET_KB = 150.0
WIDTHS = [360, 1280]

# The article's blocks in document order: what each is, its class and the start of its text.
BLOCKS = """() => [...document.querySelectorAll(
        "article :is(h1, h2, p, pre, table, svg[role=img])")]
    .map((element) => ({
        tag: element.tagName.toLowerCase(),
        cls: element.getAttribute("class") || "",
        text: element.textContent.replace("¶", "").trim(),
    }))"""
# The finding's numbers, and every number in the article's tables, as <data value> elements.
NUMBERS = """() => ({
    finding: [...document.querySelectorAll("article p.finding data[value]")]
        .map((data) => ({value: data.value, text: data.textContent})),
    tables: [...document.querySelectorAll("article table data[value]")].map((data) => data.value),
})"""
# Each table wider than the screen, or than the box it scrolls in.
OVERFLOWING_TABLES = """() => {
    const viewport = document.documentElement.clientWidth;
    return [...document.querySelectorAll("article table")].flatMap((table, index) => {
        const box = table.getBoundingClientRect();
        const scroller = table.closest(".md-typeset__scrollwrap") || table.parentElement;
        const problems = [];
        if (box.left < 0 || box.right > viewport + 1)
            problems.push(`table ${index + 1} spans ${box.left}-${box.right} px of ${viewport}`);
        if (scroller.scrollWidth > scroller.clientWidth + 1)
            problems.push(`table ${index + 1} scrolls: ${scroller.scrollWidth} px in ${scroller.clientWidth}`);
        return problems;
    }).concat(document.documentElement.scrollWidth > viewport + 1
        ? [`the page scrolls sideways: ${document.documentElement.scrollWidth} px`] : []);
}"""
NUMBER = re.compile(r"-?\d[\d,]*(?:\.(\d+))?")


def blocks_of(page, site_url, path, width=1280):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + path)
    return page.evaluate(BLOCKS)


@pytest.mark.browser
@pytest.mark.parametrize("path", NOTEBOOK_PAGES)
def test_each_measurement_page_opens_with_its_finding_in_one_sentence(
    site_url, page, path
):
    blocks = blocks_of(page, site_url, path)
    assert blocks[0]["tag"] == "h1", blocks[:2]
    opening = blocks[1]
    assert opening["tag"] == "p" and "finding" in opening["cls"].split(), (
        f"/{path}: the first block after the title is not the finding: {opening}"
    )
    # One sentence: it ends with a full stop and has none inside (decimals have no space after).
    sentence = opening["text"]
    assert sentence.endswith(".") and not re.search(r"[.!?] ", sentence), sentence


@pytest.mark.browser
@pytest.mark.parametrize("path", NOTEBOOK_PAGES)
def test_the_findings_numbers_are_this_builds_numbers_shown_in_its_tables(
    site_url, page, path
):
    page.goto(site_url + path)
    numbers = page.evaluate(NUMBERS)
    assert numbers["finding"], f"/{path}: the finding holds no measured number"
    for number in numbers["finding"]:
        shown = NUMBER.search(number["text"])
        assert shown, f"/{path}: {number} shows no number"
        decimals = len(shown[1] or "")
        value = float(number["value"])
        assert abs(float(shown[0].replace(",", "")) - value) <= 0.5 * 10**-decimals + (
            1e-5 * abs(value)
        ), f"/{path}: {number['text']!r} does not show the measured {value}"
        assert number["value"] in numbers["tables"], (
            f"/{path}: the finding's {number['text']!r} ({value}) is in no table of the page"
        )


@pytest.mark.browser
@pytest.mark.parametrize("path", NOTEBOOK_PAGES)
def test_the_chart_and_tables_come_before_the_method_and_the_checks_last(
    site_url, page, path
):
    blocks = blocks_of(page, site_url, path)
    tags = [block["tag"] for block in blocks]
    method = next(
        index
        for index, block in enumerate(blocks)
        if block["tag"] == "h2" and block["text"] == "How this was measured"
    )
    assert "svg" in tags[:method] and "table" in tags[:method], (
        f"/{path}: the chart and a table must come before the method: {tags}"
    )
    outputs = [block for block in blocks if block["tag"] == "pre"]
    assert outputs and all(
        blocks.index(block) > method and block["text"].startswith(("checked", "not "))
        for block in outputs
    ), f"/{path}: printed output other than the checks', or above the method: {outputs}"


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", NOTEBOOK_PAGES)
def test_no_measurement_table_is_wider_than_the_screen(site_url, page, path, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + path)
    page.wait_for_load_state(
        "networkidle"
    )  # Material wraps the tables once its script runs
    assert page.locator("article table").count() > 0, f"/{path} shows no table"
    assert page.evaluate(OVERFLOWING_TABLES) == [], f"/{path} at {width} px"


def test_each_measurement_page_weighs_under_150_kb_gzip(built_site):
    weights = bench.page_weights(built_site)
    heavy = {
        path: round(weights[f"/{path}"]["total_kb"], 1)
        for path in NOTEBOOK_PAGES
        if weights[f"/{path}"]["total_kb"] >= PAGE_BUDGET_KB
    }
    assert not heavy, f"over {PAGE_BUDGET_KB:.0f} KB gzip with what they load: {heavy}"
