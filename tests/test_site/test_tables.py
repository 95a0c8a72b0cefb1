"""Every table of the site, on a 360 px phone, keeps each word whole and fits the screen.

A table is readable when no column is narrower than a word: a word broken over two lines,
or sticking out of its cell, is a column too narrow for it. On small screens the stylesheet
stacks a wide table's rows (each row a block, each cell labelled with its column's header,
the labels written into the page at build time by ``tools/tables.py``); a table may still
be wider than the screen if it scrolls inside its own box, as long as its longest word fits.
"""

import pytest

from tests.helpers.site import written_pages

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}

# Open every collapsible block and show every content tab, so hidden tables are measured too.
SHOW_EVERYTHING = """() => {
    for (const details of document.querySelectorAll("article details")) details.open = true;
    const style = document.createElement("style");
    style.textContent = ".md-typeset .tabbed-block { display: block !important; }";
    document.head.append(style);
}"""
# For each table in the article: what is wrong with it at this width, if anything.
# A word is a run of characters without a space in one text node (a path in a table breaks
# after its slashes: tools/tables.py puts a <wbr> there). Its width is that of its pieces on
# screen, added up: wider than its cell's content box, the column is narrower than the word.
TABLE_PROBLEMS = """() => {
    const viewport = document.documentElement.clientWidth;
    const found = [];
    const label = (table, index) => {
        const heading = [...document.querySelectorAll("article h1, article h2, article h3")]
            .filter((h) => h.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING)
            .pop();
        return `table ${index + 1}` + (heading ? ` (under "${heading.textContent.replace("¶", "").trim()}")` : "");
    };
    [...document.querySelectorAll("article table")].forEach((table, index) => {
        const where = label(table, index);
        const box = table.getBoundingClientRect();
        if (box.width === 0) return;
        // The box a table scrolls in, if it scrolls: itself (Material's tables) or a wrapper.
        let scroller = null;
        for (let node = table; node && node.tagName !== "ARTICLE"; node = node.parentElement) {
            const overflow = getComputedStyle(node).overflowX;
            if ((overflow === "auto" || overflow === "scroll") && node.scrollWidth > node.clientWidth + 1) {
                scroller = node;
                break;
            }
        }
        const outer = (scroller || table).getBoundingClientRect();
        if (outer.left < -1 || outer.right > viewport + 1) {
            found.push(`${where}: ${Math.round(outer.width)} px wide on a ${viewport} px screen, without scrolling in its own box`);
        }
        for (const cell of table.querySelectorAll("th, td")) {
            const cellBox = cell.getBoundingClientRect();
            if (cellBox.width === 0) continue;
            const style = getComputedStyle(cell);
            const left = cellBox.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth);
            const right = cellBox.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let text = walker.nextNode(); text; text = walker.nextNode()) {
                for (const match of text.data.matchAll(/\\S+/g)) {
                    const range = document.createRange();
                    range.setStart(text, match.index);
                    range.setEnd(text, match.index + match[0].length);
                    const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
                    if (!rects.length) continue;
                    // Its width unbroken: the widths of its pieces, if the line broke it.
                    const width = rects.reduce((sum, rect) => sum + rect.width, 0);
                    const word = match[0].length > 60 ? match[0].slice(0, 57) + "..." : match[0];
                    if (width > right - left + 1) {
                        found.push(`${where}: "${word}" (${Math.round(width)} px) is wider than its ${Math.round(right - left)} px column`);
                    } else if (Math.min(...rects.map((r) => r.left)) < left - 1 || Math.max(...rects.map((r) => r.right)) > right + 1) {
                        found.push(`${where}: "${word}" sticks out of its ${Math.round(right - left)} px column`);
                    }
                }
            }
        }
    });
    return found;
}"""


@pytest.fixture(scope="module")
def phone_tables(browser, built_site, site_url) -> dict[str, list[str]]:
    """The problems of every table of every page, in a 360 px window."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    found = {}
    try:
        for path in written_pages(built_site):
            if "<table" not in (built_site / path / "index.html").read_text():
                found[path] = []
                continue
            page.goto(site_url + path)
            page.wait_for_function(
                "() => document.body.dataset.mdColorScheme !== undefined"
            )
            page.evaluate(SHOW_EVERYTHING)
            found[path] = page.evaluate(TABLE_PROBLEMS)
    finally:
        context.close()
    return found


def test_the_site_has_tables_to_check(phone_tables, built_site):
    assert "decide/comparison/" in phone_tables
    assert any(
        "<table" in (built_site / path / "index.html").read_text()
        for path in phone_tables
    )


def test_every_table_keeps_its_words_whole_on_a_360_px_screen(phone_tables):
    problems = {path: found for path, found in phone_tables.items() if found}
    assert not problems, "\n".join(
        f"/{path}: {problem}"
        for path, found in problems.items()
        for problem in found[:8]
        + ([f"... and {len(found) - 8} more"] if len(found) > 8 else [])
    )


def test_a_comparison_column_header_opens_the_details_of_its_need(site_url, page):
    page.goto(site_url + "decide/comparison/")
    details = page.locator("details#need-retries")
    assert details.evaluate("block => block.open") is False
    page.get_by_role("columnheader", name="Task raises").get_by_role("link").click()
    page.wait_for_function(
        "() => document.getElementById('need-retries').open && location.hash === '#need-retries'"
    )
    # Huey's evidence, as a citation or as the link a citation becomes.
    assert "test_task_that_raises_is_retried_then_recorded_as_failed" in (
        details.inner_html()
    )
