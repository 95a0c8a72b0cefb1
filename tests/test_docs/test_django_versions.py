"""Every page whose shown code differs on Django 5.2 LTS shows both versions, in linked tabs.

A file under ``snippets/`` with a 5.2 version under ``snippets/django52/`` (written by
``tools/django52.py``): wherever a page includes it, or a section of it, that reads differently
in the two versions, the page includes the original in a ``=== "Django 6.x"`` tab and the 5.2
version in a ``=== "Django 5.2 LTS"`` tab. The tabs share their labels across the site
(``content.tabs.link``), so the reader picks a version once. Each version runs in its own
``make test`` (``tests/helpers/django_versions.py``).
"""

import re
from pathlib import Path

import pytest

from tests.helpers import django_versions
from tests.helpers.snippets import ROOT, SNIPPETS_DIR

DOCS = ROOT / "docs"
PAGES = sorted([*DOCS.rglob("*.md"), *DOCS.rglob("*.inc")])
INCLUDE = re.compile(
    r'^(?P<indent>\s*)--8<-- "(?P<path>snippets/[^":]+)(?::(?P<section>[\w-]+))?"'
)
TAB = re.compile(r'^(?P<indent>\s*)=== "(?P<label>[^"]+)"')
OLD, NEW = django_versions.TABS


def shown_text(path: Path, section: str | None) -> str:
    lines = path.read_text().splitlines()
    if section:
        start = lines.index(
            next(line for line in lines if f"[start:{section}]" in line)
        )
        end = lines.index(next(line for line in lines if f"[end:{section}]" in line))
        lines = lines[start + 1 : end]
    return "\n".join(line for line in lines if "# --8<-- [" not in line)


def includes_with_tabs(page: Path) -> list[tuple[str, str | None, str | None]]:
    """Each include of the page: its path, its section, and the label of the tab holding it."""
    found, open_tabs = [], []
    for line in page.read_text().splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        open_tabs = [(depth, label) for depth, label in open_tabs if depth < indent]
        if tab := TAB.match(line):
            open_tabs.append((len(tab["indent"]), tab["label"]))
        elif include := INCLUDE.match(line):
            label = next(
                (label for _, label in reversed(open_tabs) if label in (OLD, NEW)), None
            )
            found.append((include["path"], include["section"], label))
    return found


def differing(path: str, section: str | None) -> bool:
    original = ROOT / path
    variant = django_versions.VARIANTS_DIR / original.relative_to(SNIPPETS_DIR)
    return variant.is_file() and shown_text(original, section) != shown_text(
        variant, section
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_code_that_differs_on_django_52_is_shown_in_both_tabs(page):
    includes = includes_with_tabs(page)
    problems = []
    for path, section, label in includes:
        shown = f"{path}{':' + section if section else ''}"
        if path.startswith("snippets/django52/"):
            if label != NEW:
                problems.append(f"{shown} is not in a {NEW!r} tab")
            original = "snippets/" + path.removeprefix("snippets/django52/")
            if (original, section, OLD) not in includes:
                problems.append(f"{shown} has no {original} beside it in a {OLD!r} tab")
        elif differing(path, section):
            variant = "snippets/django52/" + path.removeprefix("snippets/")
            if label != OLD:
                problems.append(
                    f"{shown} differs on Django 5.2 but is not in a {OLD!r} tab"
                )
            if (variant, section, NEW) not in includes:
                problems.append(
                    f"{shown} differs on Django 5.2: include {variant} in a {NEW!r} tab"
                )
    assert not problems, f"{page.relative_to(ROOT)}:\n" + "\n".join(problems)


def test_some_page_shows_both_versions():
    assert any(
        label == NEW for page in PAGES for _, _, label in includes_with_tabs(page)
    ), "no page has a Django 5.2 LTS tab: did the tab syntax change?"


COLLAPSED = re.compile(r"^(?P<indent>\s*)\?\?\?\+? ")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_no_version_tabs_inside_a_collapsed_block(page):
    """Material switches every linked tab set on the page but those inside a closed ``???``
    block, which keep their first tab when opened: a 5.2 reader would copy 6.x code. The tabs
    go outside, each holding its own collapsed block."""
    open_blocks, problems = [], []
    for number, line in enumerate(page.read_text().splitlines(), 1):
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        open_blocks = [depth for depth in open_blocks if depth < indent]
        if collapsed := COLLAPSED.match(line):
            open_blocks.append(len(collapsed["indent"]))
        elif (tab := TAB.match(line)) and tab["label"] in (OLD, NEW) and open_blocks:
            problems.append(
                f"line {number}: {tab['label']!r} tab inside a collapsed block"
            )
    assert not problems, f"{page.relative_to(ROOT)}:\n" + "\n".join(problems)
