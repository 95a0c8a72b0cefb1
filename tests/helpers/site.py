"""What the site tests share: the built site's pages and how Chromium is started."""

from pathlib import Path

# Without the background-networking flags Chromium phones home at start.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def site_pages(site: Path) -> list[str]:
    """Every page of the built site, as a path relative to the site root."""
    pages = []
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site).as_posix()
        if relative.startswith(("assets", "search")):
            continue
        pages.append("" if relative == "." else relative + "/")
    return pages
