"""Evidence as links (tools/evidence.py), read from the built site: no page shows a test
citation outside a link, and every evidence link opens a page of this site that shows the
source of the test it names, the test's lines carrying its name as their ``id``."""

import html
import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from tests.helpers.site import site_pages
from tests.helpers.snippets import ROOT

EVIDENCE = "evidence/"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID |= {"source", "track", "wbr"}
# What a citation looks like when it was not turned into a link: a test module's path, or a
# module and a name (the comparison table's short form drops the folder).
CITATION_CODE = re.compile(r"tests/[\w./-]+\.py(?:::[\w:]+)?|[\w.-]+\.py::[\w:]+")
CITATION_TEXT = re.compile(r"\b[\w./-]+\.py::test_\w+")
TEST_LINE = re.compile(r"^\s*(?:async\s+def|def|class)\s+(\w+)", re.MULTILINE)
# Evidence pages are big (a tag per token), so they are read with patterns, not parsed.
SOURCE = re.compile(
    r'<div class="[^"]*\bevidence-source\b[^"]*"><pre><code>(.*?)</code></pre>', re.S
)
TAG = re.compile(r"<[^>]+>")


class Page(HTMLParser):
    """One built page: its text runs, each with the elements that enclose it, and its links."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        # (tag, the open elements' tag names and ".class" names, this one's included)
        self.stack: list[tuple[str, frozenset[str]]] = []
        self.runs: list[tuple[str, frozenset[str]]] = []
        self.links: list[dict] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        enclosing = self.stack[-1][1] if self.stack else frozenset()
        if tag == "a":
            self.links.append({**attributes, "in nav": "nav" in enclosing})
        if tag in VOID:
            return
        classes = {f".{name}" for name in (attributes.get("class") or "").split()}
        self.stack.append((tag, enclosing | {tag} | classes))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        self.runs.append((data, self.stack[-1][1] if self.stack else frozenset()))


def read(built_site, path: str) -> Page:
    return Page((built_site / path / "index.html").read_text(encoding="utf-8"))


def plain(markup: str) -> str:
    return html.unescape(TAG.sub("", markup))


def shown_from(page: str, element_id: str) -> str:
    """The text of an evidence page from the element with this id on (empty if none has it)."""
    opening = re.search(rf'<[^>]+\bid="{re.escape(html.escape(element_id))}"', page)
    return "" if opening is None else plain(page[opening.start() :])


def reading_pages(built_site) -> list[str]:
    return [path for path in site_pages(built_site) if not path.startswith(EVIDENCE)]


def evidence_links(built_site):
    """(page, link attributes, evidence page path, fragment) for each link to an evidence page."""
    for path in reading_pages(built_site):
        for link in read(built_site, path).links:
            target = urlsplit(urljoin(f"http://site/{path}", link.get("href", "")))
            if target.netloc == "site" and target.path.startswith(f"/{EVIDENCE}"):
                yield path, link, target.path.lstrip("/"), target.fragment


def test_no_page_shows_a_test_citation_outside_a_link(built_site):
    outside = []
    for path in reading_pages(built_site):
        for text, open_tags in read(built_site, path).runs:
            if open_tags & {"a", "pre", "script", "style", "textarea"}:
                continue
            if "code" in open_tags and CITATION_CODE.fullmatch(text.strip()):
                outside.append(f"/{path}: `{text.strip()}`")
            else:
                outside += [f"/{path}: {m}" for m in CITATION_TEXT.findall(text)]
    assert not outside, "citations that are not links:\n" + "\n".join(outside)


def test_every_evidence_link_opens_the_source_of_the_test_it_names(built_site):
    links = list(evidence_links(built_site))
    assert len(links) >= 100, f"only {len(links)} evidence links on the whole site"
    problems = []
    pages: dict[str, str] = {}
    for path, link, target, fragment in links:
        where = f"/{path} -> /{target}#{fragment}"
        if not (built_site / target / "index.html").is_file():
            problems.append(f"{where}: no such page")
            continue
        page = pages.setdefault(
            target, (built_site / target / "index.html").read_text(encoding="utf-8")
        )
        module = "tests/" + target.removeprefix(EVIDENCE).rstrip("/") + ".py"
        if not fragment:
            if link.get("title") != module:
                problems.append(f"{where}: the link's title is not {module}")
            continue
        first = TEST_LINE.search(shown_from(page, fragment))
        if first is None or first[1] != fragment.rpartition("::")[2]:
            problems.append(f"{where}: the anchor does not show `def {fragment}`")
        if not link.get("title", "").endswith(f".py::{fragment}"):
            problems.append(
                f"{where}: the link's title {link.get('title')!r} names another test"
            )
        if "evidence-link" in link.get("class", "") and not link.get(
            "aria-label", ""
        ).startswith("test: "):
            problems.append(
                f"{where}: the marker's accessible name does not say which test"
            )
    for target, page in pages.items():
        module = "tests/" + target.removeprefix(EVIDENCE).rstrip("/") + ".py"
        source = SOURCE.search(page)
        if source is None or plain(source[1]) != (ROOT / module).read_text(
            encoding="utf-8"
        ):
            problems.append(f"/{target} does not show {module} as it is")
    assert not problems, "\n".join(problems)


def test_evidence_pages_stay_out_of_the_navigation_and_the_search(built_site):
    in_nav = [
        link["href"]
        for link in read(built_site, "").links
        if link["in nav"] and EVIDENCE in link.get("href", "")
    ]
    assert not in_nav, f"the navigation links to evidence pages: {in_nav}"
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    indexed = {
        doc["location"] for doc in index["docs"] if doc["location"].startswith(EVIDENCE)
    }
    assert not indexed, f"search indexes evidence pages: {sorted(indexed)[:5]}"


@pytest.mark.browser
def test_a_test_marker_at_360_px_lands_on_the_tests_def_line(site_url, browser):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        page.goto(site_url + "ladder/rq/")
        marker = page.locator("a.evidence-link").first
        name = marker.get_attribute("href").rpartition("#")[2]
        marker.click()
        page.wait_for_url(f"**/evidence/**#{name}")
        target = page.locator(f"[id='{name}']")
        box = target.bounding_box()
        header = page.locator("header").bounding_box()
        assert header["height"] <= box["y"] < 740, "the test is not on screen"
        assert TEST_LINE.search(target.inner_text())[1] == name
        assert page.evaluate(
            "() => { const c = document.querySelector('.evidence-source code');"
            " return c.scrollWidth <= c.clientWidth + 1; }"
        ), "the source scrolls sideways at 360 px"
    finally:
        page.close()
