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
