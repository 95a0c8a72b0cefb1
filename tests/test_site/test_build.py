"""The strict build succeeds and writes the pages the navigation promises."""

import re

from mkdocs.utils.yaml import yaml_load

from tests.helpers.site import site_pages
from tests.helpers.snippets import ROOT


def nav_pages(nav) -> set[str]:
    """The built path of every page the navigation lists: ``how-to/x.md`` is ``how-to/x/``."""
    found = set()
    for entry in nav:
        target = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(target, list):
            found |= nav_pages(target)
        elif not target.startswith(("http://", "https://")):
            stem = target.rsplit(".", 1)[0]
            found.add("" if stem == "index" else stem.removesuffix("/index") + "/")
    return found


# MkDocs's own loader: mkdocs.yml uses its !ENV tag.
EXPECTED_PAGES = nav_pages(yaml_load((ROOT / "mkdocs.yml").read_text())["nav"])
OFF_SITE_ASSET = re.compile(
    r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?//(?!127\.0\.0\.1)[^"]*"',
    re.I,
)


def test_build_writes_every_page(built_site):
    assert len(EXPECTED_PAGES) > 30, "the navigation lists fewer pages than expected"
    assert EXPECTED_PAGES <= set(site_pages(built_site))


def test_no_page_references_an_asset_on_another_host(built_site):
    for page in site_pages(built_site):
        html = (built_site / page / "index.html").read_text()
        # Links the reader may follow (<a href>) are fine; things the page loads are not.
        offenders = [
            m.group(0)
            for m in OFF_SITE_ASSET.finditer(html)
            if 'rel="canonical"' not in m.group(0)
        ]
        assert not offenders, f"/{page} loads from another host: {offenders}"


NOTEBOOK_PAGES = sorted(
    page for page in EXPECTED_PAGES if page.startswith("measurements/")
)


def test_each_notebook_page_shows_this_builds_checks_and_offers_the_notebook(
    built_site,
):
    for page in NOTEBOOK_PAGES:
        name = page.strip("/").rsplit("/", 1)[1]
        html = (built_site / page / "index.html").read_text()
        # Every notebook prints "checked: ..." after its direction asserts pass.
        assert "checked: " in html, f"/{page} shows no executed check"
        assert f'href="/{page}{name}.py" download' in html, (
            f"/{page} has no download link"
        )
        offered = (built_site / page / f"{name}.py").read_text()
        assert (
            offered == (ROOT / "docs" / page.rstrip("/")).with_suffix(".py").read_text()
        )
