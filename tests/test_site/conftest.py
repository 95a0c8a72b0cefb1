"""A strict build of the whole site, served from loopback, and a real Chromium to read it."""

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.helpers import services
from tests.helpers.site import CHROMIUM_FLAGS
from tests.helpers.snippets import ROOT


def build_env() -> dict[str, str]:
    cache = ROOT / ".cache"
    return {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "JUPYTER_RUNTIME_DIR": str(cache / "jupyter" / "runtime"),
        "JUPYTER_DATA_DIR": str(cache / "jupyter" / "data"),
        "IPYTHONDIR": str(cache / "ipython"),
    }


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """``mkdocs build --strict`` of the real config; the notebooks execute during it."""
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, env=build_env(), capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, f"strict build failed:\n{result.stderr[-5000:]}"
    return site


@pytest.fixture(scope="session")
def site_url(built_site):
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    executable = services.chromium_path()
    if executable is None:
        services.missing("no Chromium found (install Debian's `chromium`, or set CHROMIUM=/path/to/chrome)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page in a fresh browser context (no cache, no cookies), closed after the test."""
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    yield page
    context.close()
