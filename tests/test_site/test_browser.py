"""What a reader sees in a real Chromium: no request leaves the site, no console
error, the copy button gives code without prompts, diagrams render."""

from urllib.parse import urlsplit

import pytest

from tests.helpers.site import site_pages

pytestmark = pytest.mark.browser


def test_pages_make_no_request_off_the_site_and_log_no_console_error(built_site, site_url, page):
    site_host = urlsplit(site_url).netloc
    problems = []
    page.on("request", lambda request: urlsplit(request.url).netloc not in ("", site_host)
            and not request.url.startswith(("data:", "blob:"))
            and problems.append(f"request to {request.url}"))
    page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    pages = site_pages(built_site)
    for path in pages:
        page.goto(site_url + path, wait_until="networkidle")
        assert not problems, f"/{path}: {problems}"
    assert len(pages) >= 7


def test_copy_button_leaves_out_prompts_and_output(site_url, page):
    page.goto(site_url + "tutorial/first-background-thread/", wait_until="networkidle")
    block = page.locator(".language-pycon").first
    block.hover()
    block.locator("button[data-md-type='copy']").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.splitlines() == [
        "import threading",
        'greeter = threading.Thread(target=print, args=("hello from a thread",))',
        "greeter.start(); greeter.join()",
        "greeter.start()",
    ]


def test_mermaid_diagram_renders_from_the_local_copy(site_url, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url, wait_until="networkidle")
    # Material swaps each <pre class="mermaid"> for a <div> whose closed shadow
    # root holds the SVG, so the drawing is seen by its size, not its markup.
    diagram = page.locator("div.mermaid").first
    diagram.wait_for(timeout=10_000)
    assert diagram.bounding_box()["height"] > 50
    assert page.locator("pre.mermaid").count() == 0
    assert site_url + "assets/vendor/mermaid/mermaid.min.js" in requested


def test_a_page_without_a_diagram_does_not_download_mermaid(site_url, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "tutorial/first-background-thread/", wait_until="networkidle")
    assert requested, "the page loaded nothing at all"
    assert not [url for url in requested if url.endswith("mermaid.min.js")]


def test_dark_mode_toggle_switches_the_colour_scheme(site_url, page):
    page.emulate_media(color_scheme="light")
    page.goto(site_url, wait_until="networkidle")
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.locator("label.md-header__button[title='Switch to dark mode']").click()
    assert body.get_attribute("data-md-color-scheme") == "slate"
