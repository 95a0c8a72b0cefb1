"""The strict build succeeds and writes the pages the navigation promises."""

import re

from tests.helpers.site import site_pages

EXPECTED_PAGES = {
    "",
    "decide/questionnaire/",
    "decide/criteria/",
    "decide/pros-and-cons/",
    "tutorial/first-background-thread/",
    "how-to/django-cautions/",
    "how-to/background-helper/",
    "how-to/test-your-docs/",
    "reference/background-helper/",
    "measurements/response_time/",
    "measurements/thread_start_vs_pool/",
    "measurements/gil_cpu_vs_io/",
    "measurements/shutdown_loss/",
    "decide/comparison/",
    "ladder/",
    "ladder/asyncio/",
    "ladder/django_tasks/",
    "ladder/huey/",
    "ladder/rq/",
    "ladder/dramatiq/",
    "ladder/celery/",
    "how-to/move-to-django-tasks/",
    "how-to/move-to-celery/",
}
OFF_SITE_ASSET = re.compile(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?//(?!127\.0\.0\.1)[^"]*"', re.I)


def test_build_writes_every_page(built_site):
    assert EXPECTED_PAGES <= set(site_pages(built_site))


def test_no_page_references_an_asset_on_another_host(built_site):
    for page in site_pages(built_site):
        html = (built_site / page / "index.html").read_text()
        # Links the reader may follow (<a href>) are fine; things the page loads are not.
        offenders = [m.group(0) for m in OFF_SITE_ASSET.finditer(html) if 'rel="canonical"' not in m.group(0)]
        assert not offenders, f"/{page} loads from another host: {offenders}"
