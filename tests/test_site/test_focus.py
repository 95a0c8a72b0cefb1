"""Visible keyboard focus: tabbing through the questionnaire page, in the light and in the dark
colour scheme, every control that takes the focus (the questionnaire's radios, checkboxes,
button and result links, and the header, navigation, contents and footer around them) draws an
outline at least 2 CSS px wide whose colour has at least 3:1 contrast against what lies behind
it (WCAG 2.2, 1.4.11 non-text contrast).

The outline is measured as drawn: a screenshot at twice the resolution around the focused
control, sampled along the four sides at the middle of the ring and just beyond it. The
colour found most often on the ring must be the one the stylesheet set, and its contrast is
taken against the colour found most often beyond it, so a letter of the text nearby does not
decide. The schemes are switched with Material's own toggle, as tests/test_site/
test_accessibility.py does.
"""

import base64
from collections import Counter

import pytest

from tools import questionnaire as decide

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

DATA = decide.load()
PATH = "decide/questionnaire/"
# Answers that bring out every kind of result: a trade-off, notes with links and sources.
ANSWERS = {
    "start": "request",
    "fail": "no",
    "inflight": "yes",
    "needs": frozenset({"retries"}),
    "duration": "seconds",
    "bound": "io",
    "transaction": "yes",
    "servers": "many",
    "infra": "none",
    "database": "other",
    "volume": "heavy",
}
SCHEMES = [("default", "Switch to dark mode"), ("slate", "Switch to light mode")]
# Material's search results region takes the focus as a scrollable box while the search is
# open; until a query is typed it is empty, 0 px tall, and has nothing to outline.
EMPTY_REGIONS = ".md-search__scrollwrap"
SCALE = 2

# What has the focus, and the outline drawn for it. Material's palette toggle is a hidden radio
# whose focus shows on the visible label after it.
FOCUSED = """async (emptyRegions) => {
    const focused = document.activeElement;
    if (!focused || focused === document.body) return null;
    // Material fades some controls in on focus (header links, the skip link) and opens the
    // search a frame or two after its field takes the focus: measure the end state.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const settled = Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => {})));
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 2000))]);
    const box = focused.getBoundingClientRect();
    const hidden = box.width < 1 || box.height < 1;
    if (hidden && focused.matches(emptyRegions)) return {skip: true, name: focused.className};
    let drawn = focused;
    if (hidden) {
        for (let next = focused.nextElementSibling; next; next = next.nextElementSibling) {
            if (next.tagName === "LABEL" && !next.hidden) { drawn = next; break; }
        }
    }
    const style = getComputedStyle(drawn);
    const rect = drawn.getClientRects()[0] ?? drawn.getBoundingClientRect();
    const text = (focused.innerText || focused.getAttribute("aria-label") || focused.title || "").trim();
    // Material dims some controls on focus (the footer's links): the ring is drawn as dimmed.
    let opacity = 1;
    for (let node = drawn; node; node = node.parentElement) opacity *= parseFloat(getComputedStyle(node).opacity);
    return {
        skip: false,
        name: `${focused.tagName.toLowerCase()}${focused.id ? "#" + focused.id : ""}`
              + `${focused.className ? "." + String(focused.className).trim().split(/\\s+/).join(".") : ""}`
              + ` "${text.slice(0, 40)}"`,
        id: focused.id,
        style: style.outlineStyle,
        width: parseFloat(style.outlineWidth),
        offset: parseFloat(style.outlineOffset),
        color: style.outlineColor,
        opacity,
        rect: {x: rect.left, y: rect.top, width: rect.width, height: rect.height},
        viewport: [innerWidth, innerHeight],
    };
}"""
# The colours at given points of a PNG, decoded by the browser itself.
PIXELS = """async ([png, points]) => {
    const image = new Image();
    image.src = "data:image/png;base64," + png;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext("2d");
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, image.width, image.height).data;
    return points.map(([x, y]) => {
        const i = (Math.min(image.height - 1, Math.max(0, Math.round(y))) * image.width
                   + Math.min(image.width - 1, Math.max(0, Math.round(x)))) * 4;
        return [data[i], data[i + 1], data[i + 2]];
    });
}"""


def luminance(rgb) -> float:
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def css_rgb(colour: str) -> tuple[int, int, int]:
    values = colour[colour.index("(") + 1 : colour.index(")")].split(",")
    return tuple(round(float(value)) for value in values[:3])


def close(first, second, tolerance=24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(first, second, strict=True))


def sample_points(focus) -> tuple[dict, list, list]:
    """The clip around the control and, in its device pixels, points on the ring and beyond it,
    five along each side."""
    rect, offset, width = focus["rect"], focus["offset"], focus["width"]
    margin = max(offset, 0) + width + 6
    clip = {
        "x": max(rect["x"] - margin, 0),
        "y": max(rect["y"] - margin, 0),
        "width": rect["width"] + 2 * margin,
        "height": rect["height"] + 2 * margin,
    }
    clip["width"] = min(clip["width"], focus["viewport"][0] - clip["x"])
    clip["height"] = min(clip["height"], focus["viewport"][1] - clip["y"])
    # A ring drawn inside the control (a negative offset) lies on the control's own background.
    ring_distance = offset + width / 2
    beyond_distance = offset - 2.5 if offset < 0 else offset + width + 2.5
    left, top = rect["x"] - clip["x"], rect["y"] - clip["y"]
    right, bottom = left + rect["width"], top + rect["height"]
    ring, beyond = [], []
    for step in (0.1, 0.3, 0.5, 0.7, 0.9):
        x = left + rect["width"] * step
        y = top + rect["height"] * step
        for points, distance in ((ring, ring_distance), (beyond, beyond_distance)):
            points += [
                (left - distance, y),
                (right + distance, y),
                (x, top - distance),
                (x, bottom + distance),
            ]

    def device(points):
        return [(x * SCALE, y * SCALE) for x, y in points]

    return clip, device(ring), device(beyond)


def measure(page, focus) -> str | None:
    """What is wrong with the focused control's outline, or None."""
    if focus["style"] == "none" or focus["width"] < 2:
        return f"no outline of 2 px or more ({focus['style']} {focus['width']}px)"
    clip, ring_points, beyond_points = sample_points(focus)
    png = base64.b64encode(page.screenshot(clip=clip)).decode()
    colours = page.evaluate(PIXELS, [png, ring_points + beyond_points])
    ring = [tuple(colour) for colour in colours[: len(ring_points)]]
    beyond = [tuple(colour) for colour in colours[len(ring_points) :]]
    behind, _ = Counter(beyond).most_common(1)[0]
    # The colour the ring should show: the stylesheet's, faded by the control's opacity.
    alpha = focus["opacity"]
    expected = tuple(
        round(alpha * mine + (1 - alpha) * theirs)
        for mine, theirs in zip(css_rgb(focus["color"]), behind, strict=True)
    )
    drawn = [colour for colour in ring if close(colour, expected)]
    if len(drawn) < len(ring) // 3:
        return (
            f"the outline {focus['color']} (drawn as rgb{expected}) is not there: the"
            f" ring shows {Counter(ring).most_common(3)}"
        )
    ratio = contrast(expected, behind)
    if ratio < 3:
        return f"outline rgb{expected} on rgb{behind}: {ratio:.2f}:1, under 3:1"
    return None


def tab_through(page) -> tuple[list[str], list[str]]:
    """Press Tab until the focus leaves the page or comes back round; each control's name, and
    the problems found."""
    names, problems, seen = [], [], set()
    for _ in range(400):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUSED, EMPTY_REGIONS)
        if focus is None:
            break
        if focus["skip"]:
            continue
        key = (focus["name"], round(focus["rect"]["x"]), round(focus["rect"]["y"]))
        if key in seen and focus["name"] == names[0]:
            break
        seen.add(key)
        names.append(focus["name"])
        problem = measure(page, focus)
        if problem:
            problems.append(f"{focus['name']}: {problem}")
    else:
        pytest.fail("400 presses of Tab never left the page")
    return names, problems


def test_every_control_draws_a_visible_focus_outline_in_both_schemes(browser, site_url):
    context = browser.new_context(
        color_scheme="light",
        viewport={"width": 1280, "height": 800},
        device_scale_factor=SCALE,
    )
    try:
        page = context.new_page()
        page.goto(site_url + PATH + "?" + decide.query_string(ANSWERS, DATA))
        report = []
        for scheme, toggle in SCHEMES:
            page.locator("#questionnaire[data-state='ready']").wait_for()
            assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
            names, problems = tab_through(page)
            report += [f"[{scheme}] {problem}" for problem in problems]
            # Every control of the questionnaire was reached: an answer of each question
            # asked (a radio group takes one Tab), the reset button, the result's links.
            for question in DATA["questions"]:
                if question["id"] in ANSWERS:
                    assert any(f"#tq-{question['id']}-" in name for name in names), (
                        scheme,
                        question["id"],
                    )
            assert any("Start again" in name for name in names)
            assert any("bookmark or share it" in name for name in names)
            assert len(names) > 60, names
            # Switch the scheme with Material's toggle, then start from the top again.
            page.locator(f"label.md-header__button[title='{toggle}']").click()
            page.reload()
        assert not report, f"{len(report)} focus outlines fail:\n" + "\n".join(report)
    finally:
        context.close()
