"""What the site tests share: the built site's pages."""

from pathlib import Path


def site_pages(site: Path) -> list[str]:
    """Every page of the built site, as a path relative to the site root."""
    pages = []
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site).as_posix()
        if relative.startswith(("assets", "search")):
            continue
        pages.append("" if relative == "." else relative + "/")
    return pages


EVIDENCE = "evidence/"


def written_pages(site: Path) -> list[str]:
    """The pages written in ``docs/``, and one of the evidence pages the build generates.

    The evidence pages (one per cited test module) share one template, one set of code styles
    and no script of their own, so the page-wide sweeps (axe, weight, copy buttons, tables)
    check the first as their sample; ``test_evidence_pages.py`` checks every one's content.
    """
    pages = site_pages(site)
    evidence = [page for page in pages if page.startswith(EVIDENCE)]
    return [page for page in pages if not page.startswith(EVIDENCE)] + evidence[:1]
