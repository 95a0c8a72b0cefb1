"""How this project starts Chromium: for `make diagrams` and for the browser tests."""

import os
import shutil
from pathlib import Path

from tools import ROOT

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


def chromium_path() -> Path | None:
    candidate = (
        os.environ.get("CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    return Path(candidate) if candidate else None


def chromium_environment() -> dict[str, str]:
    """Chromium's environment, with its config and cache folders (crash reports among them) inside .cache/.

    Chromium otherwise writes ``~/.config/chromium/Crash Reports`` even when told to use a temporary profile.
    """
    home = ROOT / ".cache" / "chromium"
    return {
        **os.environ,
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
