"""What a reader sees in a real Chromium: no request leaves the site, no page loads Mermaid,
no console error, the copy button gives code without prompts, diagrams show as inline SVG
drawn for the colour scheme."""

import code
import sys

import pytest

pytestmark = pytest.mark.browser


# The sweep behind it also runs axe on every page, and may be the first to wait for the build.
@pytest.mark.timeout(300)
def test_pages_make_no_request_off_the_site_and_log_no_console_error(every_page):
    found = {
        path: visit["problems"]
        for path, visit in every_page.items()
        if visit["problems"]
    }
    assert not found, found
    assert len(every_page) >= 7


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
    light, dark = (
        page.locator(".diagram__light > svg"),
        page.locator(".diagram__dark > svg"),
    )
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


def test_no_code_block_scrolls_sideways_in_a_1280_px_window(every_page):
    scrolling = {
        path: visit["scrolling_code"]
        for path, visit in every_page.items()
        if visit["scrolling_code"]
    }
    assert not scrolling, (
        f"code wider than its block (longest line of each): {scrolling}"
    )


class PastedIntoTheShell(code.InteractiveConsole):
    """Python's interactive shell, fed line by line as a paste feeds it; it compiles, runs nothing."""

    def __init__(self):
        super().__init__()
        self.syntax_errors = []

    def runcode(self, compiled):
        pass

    def showsyntaxerror(self, filename=None, **kwargs):
        self.syntax_errors.append(sys.exc_info()[1])


def test_a_copied_shell_session_with_a_loop_pastes_into_the_python_shell(
    site_url, page
):
    page.goto(site_url + "how-to/background-helper/", wait_until="networkidle")
    block = page.locator(".language-pycon", has_text="... ").first
    block.hover()
    block.locator("button[data-md-type='copy']").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "for _ in range(3):\n    uploads_pool.submit(release.wait)\n\n" in copied
    shell = PastedIntoTheShell()
    for line in copied.splitlines():
        shell.push(line)
    assert shell.syntax_errors == []
