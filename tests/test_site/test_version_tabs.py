"""A reader picks "Django 5.2 LTS" once, and every page shows its 5.2 code, whole files included.

Material links content tabs by their label (``content.tabs.link`` in mkdocs.yml) and keeps the
choice in the browser's storage. In Chromium, the test clicks the 5.2 tab on the Django Tasks
page, opens another page, opens its collapsed whole-file block, and reads the code it shows.
"""

import pytest

pytestmark = pytest.mark.browser

# The settings the 5.2 files use for email, and the ones the 6.x files use.
ON_52, ON_6 = "EMAIL_TIMEOUT = 10", "MAILERS = {"
# The code every visible block of the page shows, after opening the collapsed ones.
VISIBLE_CODE = """() => {
    for (const details of document.querySelectorAll("details")) details.open = true;
    return [...document.querySelectorAll(".highlight code")]
        .filter((code) => code.offsetParent !== null)
        .map((code) => code.textContent)
        .join("\\n");
}"""


def click_tab(page, label: str) -> None:
    page.locator(".tabbed-labels label", has_text=label).first.click()


def test_the_chosen_version_follows_the_reader_to_every_page(page, site_url):
    page.goto(site_url + "ladder/django_tasks/")
    assert ON_6 in page.evaluate(VISIBLE_CODE) and ON_52 not in page.evaluate(
        VISIBLE_CODE
    ), "a new reader should see Django 6.x first"
    click_tab(page, "Django 5.2 LTS")
    shown = page.evaluate(VISIBLE_CODE)
    assert ON_52 in shown and ON_6 not in shown
    assert "from django_tasks import task" in shown
    for other in ("ladder/huey/", "how-to/move-to-celery/", "ladder/asyncio/"):
        page.goto(site_url + other)
        shown = page.evaluate(VISIBLE_CODE)
        assert ON_52 in shown, (
            f"/{other} shows no 5.2 settings after the reader chose 5.2"
        )
        assert ON_6 not in shown, f"/{other} still shows 6.x settings"
