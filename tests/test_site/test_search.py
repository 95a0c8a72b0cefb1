"""The site's search box, in Chromium, finds the pages that use the guide's key terms.

The search splits words as Material's own documentation configures it (``separator`` in
mkdocs.yml): at spaces, and also at ``_ . ( ) / -`` and camelCase, so ``on_commit`` inside
``transaction.on_commit()`` is found. A term typed whole is then searched by its parts,
so other pages may follow; the best result must still be a page that uses the term, and
the section that teaches it must be among the first three.
"""

import re
from urllib.parse import urlsplit

import pytest

from tests.helpers.site import site_pages

pytestmark = pytest.mark.browser

# on_commit: when to start work; daemon: what happens to a daemon thread at exit;
# max_workers: what bounds a pool.
KEY_TERMS = ["on_commit", "daemon", "max_workers"]


def pages_mentioning(built_site, term: str) -> set[str]:
    """Pages whose article holds the term, in any case, as the search matches it."""
    return {
        "/" + path
        for path in site_pages(built_site)
        if term.lower()
        in (built_site / path / "index.html")
        .read_text()
        .split("<article", 1)[-1]
        .lower()
    }


# What a reader types, and the sections that teach it: a page's path, with the section's
# anchor where one section teaches it (without one, any result on the page will do).
TEACHING_SECTIONS = {
    "on_commit": [
        "/how-to/django-cautions/#start-the-thread-after-the-commit",
        "/how-to/background-helper/#3-let-the-transaction-decide-when-the-work-starts",
    ],
    "deploy": [
        "/how-to/background-helper/#7-shut-down-at-a-deploy-without-losing-work-silently",
        "/measurements/shutdown_loss/",
    ],
    "retry": [
        "/ladder/huey/#5-retry-a-task-that-raises",
        "/ladder/rq/#5-know-what-happens-when-the-task-raises",
        "/ladder/celery/#5-know-what-happens-when-a-task-raises",
        "/ladder/dramatiq/#5-know-what-happens-when-an-actor-raises",
        "/ladder/django_tasks/#5-know-what-happens-when-a-task-raises",
        "/decide/pros-and-cons/#nothing-retries-it-and-nothing-records-it",
    ],
    "GIL": ["/measurements/gil_cpu_vs_io/"],
    "connection": [
        "/how-to/django-cautions/#close-the-database-connection-each-thread-opens",
        "/how-to/background-helper/#4-leave-the-connections-to-the-helper",
    ],
}
# Each result is a page: its link, then the link of its best-matching section.
FIRST_RESULTS = """(count) => [...document.querySelectorAll("li.md-search-result__item")]
    .slice(0, count ?? undefined)
    .map((item) => [...item.querySelectorAll("a.md-search-result__link")].slice(0, 2).map((a) => a.href))"""


def settled(page, script: str, argument):
    """The script's answer once two readings 200 ms apart agree (the search answers each key)."""
    answer = page.evaluate(script, argument)
    for _ in range(25):
        page.wait_for_timeout(200)
        again = page.evaluate(script, argument)
        if again == answer:
            return answer
        answer = again
    raise AssertionError("the search results kept changing for 5 s")


def reaches(link: str, section: str) -> bool:
    url = urlsplit(link)
    path, _, anchor = section.partition("#")
    return url.path == path and (not anchor or url.fragment == anchor)


@pytest.mark.parametrize("term", TEACHING_SECTIONS)
def test_search_reaches_the_section_that_teaches_a_term_in_three_results(
    built_site, site_url, page, term
):
    sections = TEACHING_SECTIONS[term]
    for section in sections:
        path, _, anchor = section.partition("#")
        built = (built_site / path.strip("/") / "index.html").read_text()
        assert not anchor or re.search(f'id="{re.escape(anchor)}"', built), (
            f"{section} is no section of this build: its heading changed?"
        )
    page.goto(site_url)
    page.keyboard.press("/")
    page.keyboard.type(term)
    page.locator("li.md-search-result__item").first.wait_for(timeout=10_000)
    first = settled(page, FIRST_RESULTS, 3)
    links = [link for result in first for link in result]
    assert any(reaches(link, section) for link in links for section in sections), (
        f"searching {term!r}: the first three results link to "
        f"{[urlsplit(link).path + '#' + urlsplit(link).fragment for link in links]}, "
        f"none of the sections that teach it: {sections}"
    )


@pytest.mark.parametrize("term", KEY_TERMS)
def test_search_finds_the_pages_that_use_a_key_term(built_site, site_url, page, term):
    expected = pages_mentioning(built_site, term)
    if not expected:
        pytest.skip(
            f"no page of this build mentions {term!r} yet, so there is nothing to find"
        )
    page.goto(site_url)
    # The "/" key focuses the search box; Material searches as keys are typed.
    page.keyboard.press("/")
    page.keyboard.type(term)
    page.locator("li.md-search-result__item").first.wait_for(timeout=10_000)
    pages = [urlsplit(result[0]).path for result in settled(page, FIRST_RESULTS, None)]
    found = set(pages)
    assert expected & found, (
        f"searching {term!r} found {sorted(found)}; the term is on {sorted(expected)}"
    )
    best = pages[0]
    assert best in expected, (
        f"searching {term!r} put {best} first, which does not use it; it is on {sorted(expected)}"
    )
