"""The strict build succeeds and writes the pages the navigation promises."""

import json
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
    "reference/deployment-checklist/",
    "reference/versions/",
    "measurements/response_time/",
    "measurements/thread_start_vs_pool/",
    "measurements/gil_cpu_vs_io/",
    "measurements/shutdown_loss/",
    "decide/comparison/",
    "ladder/",
    "ladder/asyncio/",
    "ladder/django_tasks/",
    "ladder/procrastinate/",
    "ladder/huey/",
    "ladder/rq/",
    "ladder/dramatiq/",
    "ladder/celery/",
    "how-to/move-to-django-tasks/",
    "how-to/move-to-celery/",
    "how-to/run-on-a-schedule/",
    "how-to/run-the-workers/",
    "how-to/run-under-uwsgi/",
    "how-to/stop-asgi-servers/",
    "how-to/test-code-that-enqueues/",
    "how-to/watch-the-queue/",
    "how-to/make-tasks-safe-to-repeat/",
    "how-to/find-lost-work/",
}
OFF_SITE_ASSET = re.compile(
    r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="(?:https?:)?//(?!127\.0\.0\.1)[^"]*"',
    re.I,
)


def test_build_writes_every_page(built_site):
    assert EXPECTED_PAGES <= set(site_pages(built_site))


def test_no_page_references_an_asset_on_another_host(built_site):
    for page in site_pages(built_site):
        html = (built_site / page / "index.html").read_text()
        # Links the reader may follow (<a href>) are fine; things the page loads are not.
        offenders = [
            m.group(0)
            for m in OFF_SITE_ASSET.finditer(html)
            if 'rel="canonical"' not in m.group(0)
        ]
        assert not offenders, f"/{page} loads from another host: {offenders}"


NOTEBOOK_PAGES = sorted(
    page for page in EXPECTED_PAGES if page.startswith("measurements/")
)


def test_each_notebook_page_shows_this_builds_checks_and_offers_the_executed_notebook(
    built_site,
):
    for page in NOTEBOOK_PAGES:
        name = page.strip("/").rsplit("/", 1)[1]
        html = (built_site / page / "index.html").read_text()
        # Every notebook prints "checked: ..." after its direction asserts pass.
        assert "checked: " in html, f"/{page} shows no executed check"
        assert f'href="/{page}{name}.ipynb" download' in html, (
            f"/{page} has no download link"
        )
        notebook = json.loads((built_site / page / f"{name}.ipynb").read_text())
        outputs = [
            output
            for cell in notebook["cells"]
            if cell["cell_type"] == "code"
            for output in cell["outputs"]
        ]
        assert any(
            "checked: " in "".join(output.get("text", "")) for output in outputs
        ), f"{name}.ipynb has no outputs"
