"""What the site tests share: the built site's pages and how Chromium is started."""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

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


def chromium_environment() -> dict[str, str]:
    """Chromium's environment, with its config and cache folders (crash reports among them) inside .cache/.

    Chromium otherwise writes ``~/.config/chromium/Crash Reports`` even when told to use a temporary profile.
    """
    home = PROJECT_ROOT / ".cache" / "chromium"
    return {
        **os.environ,
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }


def site_pages(site: Path) -> list[str]:
    """Every page of the built site, as a path relative to the site root."""
    pages = []
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site).as_posix()
        if relative.startswith(("assets", "search")):
            continue
        pages.append("" if relative == "." else relative + "/")
    return pages
