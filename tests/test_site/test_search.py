"""The site's search box, in Chromium, finds the pages that use the guide's key terms."""

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
    results = page.locator("li.md-search-result__item > a.md-search-result__link")
    results.first.wait_for(timeout=10_000)
    found = {
        urlsplit(href).path
        for href in results.evaluate_all("links => links.map(a => a.href)")
    }
    assert expected & found, (
        f"searching {term!r} found {sorted(found)}; the term is on {sorted(expected)}"
    )
    assert found <= expected, (
        f"searching {term!r} also found {sorted(found - expected)}, which do not use it"
    )
