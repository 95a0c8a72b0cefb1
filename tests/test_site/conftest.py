"""A strict build of the whole site, served from loopback, and a real Chromium to read it."""

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.base import AXE_FILE_PATH

from benchmarks import bench
from tests.helpers import services
from tests.helpers.site import written_pages
from tests.helpers.snippets import ROOT
from tools import questionnaire as decide
from tools.chromium import CHROMIUM_FLAGS, chromium_environment, chromium_path


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
    """``mkdocs build --strict`` of the real config; the notebooks execute during it.

    ``make test`` builds the site before pytest starts, so that the notebooks' measurements have
    the machine to themselves, and names it in THREAD_OR_QUEUE_BUILT_SITE; without it, this builds.
    """
    prebuilt = os.environ.get("THREAD_OR_QUEUE_BUILT_SITE")
    if prebuilt:
        site = Path(prebuilt).resolve()
        assert (site / "index.html").is_file(), (
            f"THREAD_OR_QUEUE_BUILT_SITE={prebuilt} holds no built site"
        )
        return site
    site = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"strict build failed:\n{result.stderr[-5000:]}"
    return site


@pytest.fixture(scope="session")
def site_url(built_site):
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, name="site-server", daemon=True
    )
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
    executable = chromium_path()
    if executable is None:
        services.missing(
            "no Chromium found (install Debian's `chromium`, or set CHROMIUM=/path/to/chrome)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(executable),
            args=CHROMIUM_FLAGS,
            env=chromium_environment(),
        )
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


# The questionnaire is checked with a recommendation on show, not only the empty form.
QUERIES = {
    "decide/questionnaire/": "?" + decide.query_string(next(decide.every_combination()))
}
# Each scheme, the toggle that leaves it, and the rules run in it: every rule in the first;
# in the second only those whose outcome depends on colour, as the markup stays the same.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SCHEMES = [
    ("default", "Switch to dark mode", None),
    ("slate", "Switch to light mode", COLOUR_RULES),
]
# Material has applied a scheme, and the questionnaire, if any, has drawn itself.
SETTLED = """() => document.body.dataset.mdColorScheme !== undefined
    && (!document.getElementById("questionnaire") || document.getElementById("questionnaire").dataset.state === "ready")"""
# The serious or critical violations on the page. With skipCode, colour contrast is checked
# outside the code blocks only (see CODE_STYLES), in a second run; every other rule covers the page.
BLOCKING_VIOLATIONS = """async ([rules, skipCode]) => {
    const options = (extra) => ({resultTypes: ["violations"], ...extra});
    const audits = !skipCode ? [[document, options(rules ? {runOnly: rules} : {})]] : [
        [document, options(rules ? {runOnly: rules.filter((rule) => rule !== "color-contrast")}
                                 : {rules: {"color-contrast": {enabled: false}}})],
        [{exclude: [[".highlight code"]]}, options({runOnly: ["color-contrast"]})],
    ];
    const violations = [];
    for (const [context, audit] of audits) violations.push(...(await axe.run(context, audit)).violations);
    return violations
        .filter((violation) => ["serious", "critical"].includes(violation.impact))
        .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.length} element(s), `
             + `first ${violation.nodes[0].target.join(" ")}: ${violation.help}`);
}"""
# Highlighted code is most of axe's work, and the same few token styles recur on every page. What
# a text's contrast depends on is its colour, the colour behind it, its size and its weight; this
# lists those for every code block and token on the page. A page whose code shows a combination not
# yet checked in that scheme has all its code checked; on other pages the code blocks are left out
# of the contrast check, since each of their combinations has passed (or failed) on an earlier page.
CODE_STYLES = """() => {
    const behind = (element) => {
        for (let node = element; node; node = node.parentElement) {
            const colour = getComputedStyle(node).backgroundColor;
            if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") return colour;
        }
        return "page";
    };
    const styles = new Set();
    for (const element of document.querySelectorAll(".highlight code, .highlight code span")) {
        const style = getComputedStyle(element);
        styles.add([style.color, behind(element), style.fontSize, style.fontWeight, style.opacity].join(" / "));
    }
    return [...styles];
}"""
# Code blocks whose text is wider than the block: the reader would have to scroll sideways.
SCROLLING_CODE = """() => [...document.querySelectorAll("pre > code")]
    .filter((code) => code.scrollWidth > code.clientWidth + 1)
    .map((code) => code.textContent.split("\\n").reduce((a, b) => (b.length > a.length ? b : a), ""))"""
# The search index is the site's whole text, fetched on every page load; it is not weighed.
NOT_COUNTED = {"/search/search_index.json"}


@functools.cache
def served_gzip_size(site, url_path: str) -> int:
    """The gzip size of the file the loopback server sent for ``url_path``: it sends files as they are."""
    served = site / url_path.lstrip("/")
    if served.is_dir():
        served /= "index.html"
    assert served.is_file(), (
        f"the browser received {url_path}, which the built site does not have"
    )
    return bench.gzip_size(served.read_bytes())


@pytest.fixture(scope="session")
def every_page(browser, built_site, site_url) -> dict[str, dict]:
    """One sweep over every page, as a first-time reader's Chromium loads it, in both colour schemes.

    For each page: the serious or critical violations axe reports, its weight, the longest line
    of each code block that scrolls sideways (``scrolling_code``; the browser's window is 1280 px
    wide), and ``problems``:
    console errors, page errors, requests to another host, and any request for Mermaid (the
    diagrams come drawn in the HTML). Each page is loaded once, checked in the light scheme, then
    switched to the dark one with the header's toggle and checked again. Code blocks are checked
    in full wherever they show a token style not checked before (see ``CODE_STYLES``).

    One context visits every page, so shared files may come from the cache after the first page;
    a page's weight still counts, at its gzip size, every file it asked for, which is what a
    reader with an empty cache receives. ``received`` lists those files' paths. Each size is
    that of the file the loopback server sent, gzipped as `make bench` does (asking Playwright for a
    notebook page's document body once it had settled never returned).
    """
    context = browser.new_context(
        color_scheme="light", viewport={"width": 1280, "height": 800}
    )
    context.add_init_script(path=AXE_FILE_PATH)
    requested, problems = [], []
    site_host = urlsplit(site_url).netloc
    page = context.new_page()
    page.on("requestfinished", lambda request: requested.append(request))
    page.on(
        "request",
        lambda request: (
            urlsplit(request.url).netloc not in ("", site_host)
            and not request.url.startswith(("data:", "blob:"))
            and problems.append(f"request to {request.url}")
        ),
    )
    page.on(
        "request",
        lambda request: (
            "mermaid" in urlsplit(request.url).path.lower()
            and problems.append(f"Mermaid requested: {request.url}")
        ),
    )
    page.on(
        "console",
        lambda message: (
            message.type == "error" and problems.append(f"console: {message.text}")
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    results = {}
    checked_code_styles = {scheme: set() for scheme, _, _ in SCHEMES}
    try:
        for path in written_pages(built_site):
            requested.clear()
            problems.clear()
            page.goto(site_url + path + QUERIES.get(path, ""))
            page.wait_for_function(SETTLED)
            scrolling_code = page.evaluate(SCROLLING_CODE)
            violations = []
            for scheme, toggle, rules in SCHEMES:
                assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
                code_styles = set(page.evaluate(CODE_STYLES))
                skip_code = (
                    bool(code_styles) and code_styles <= checked_code_styles[scheme]
                )
                checked_code_styles[scheme] |= code_styles
                violations += [
                    f"[{scheme}] {violation}"
                    for violation in page.evaluate(
                        BLOCKING_VIOLATIONS, [rules, skip_code]
                    )
                ]
                page.locator(f"label.md-header__button[title='{toggle}']").click()
            page.wait_for_load_state("networkidle")
            received = {
                urlsplit(request.url).path
                for request in requested
                if request.url.startswith(site_url)
            } - NOT_COUNTED
            weight = sum(
                served_gzip_size(built_site, url_path) for url_path in received
            )
            results[path] = {
                "violations": violations,
                "weight": weight,
                "received": received,
                "problems": list(problems),
                "scrolling_code": scrolling_code,
            }
    finally:
        context.close()
    assert all(checked_code_styles.values()), "no page's code was checked for contrast"
    return results
