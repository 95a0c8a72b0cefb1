"""What a reader sees in a real Chromium: no request leaves the site, no page loads Mermaid,
no console error, the copy button gives code without prompts, diagrams show as inline SVG
drawn for the colour scheme."""

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
    # Diagrams come drawn in the HTML, so no page needs Mermaid's script, local or not.
    page.on("request", lambda request: "mermaid" in urlsplit(request.url).path.lower()
            and problems.append(f"Mermaid requested: {request.url}"))
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


def test_home_diagram_is_inline_svg_drawn_for_the_colour_scheme(site_url, page):
    page.emulate_media(color_scheme="light")
    page.goto(site_url, wait_until="networkidle")
    light, dark = page.locator(".diagram__light > svg"), page.locator(".diagram__dark > svg")
    # Its accessible name is the source's accTitle; hidden drawings are not counted.
    drawing = page.get_by_role("img", name="Thread or queue in two questions")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    assert light.is_visible() and not dark.is_visible()
    assert drawing.count() == 1 and drawing.bounding_box()["height"] > 50
    page.locator("label.md-header__button[title='Switch to dark mode']").click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    assert dark.is_visible() and not light.is_visible()
    assert drawing.count() == 1 and drawing.bounding_box()["height"] > 50
    source = page.locator("details.diagram__source")
    assert source.get_attribute("open") is None
    assert "survive{Must it survive a restart" in source.locator("code").text_content()
    assert page.locator(".mermaid").count() == 0


def test_dark_mode_toggle_switches_the_colour_scheme(site_url, page):
    page.emulate_media(color_scheme="light")
    page.goto(site_url, wait_until="networkidle")
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.locator("label.md-header__button[title='Switch to dark mode']").click()
    assert body.get_attribute("data-md-color-scheme") == "slate"
