"""The unified diff a migration how-to shows between two snippet files."""

import difflib
import re
from pathlib import Path

from tests.helpers import django_versions
from tests.helpers.snippets import SNIPPETS_DIR


def page_diff(before: str, after: str) -> str:
    old, new = (SNIPPETS_DIR / before).read_text(), (SNIPPETS_DIR / after).read_text()
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        f"snippets/{before}",
        f"snippets/{after}",
    )
    return "".join(lines)


def shown_diff(name: str) -> str:
    """The diff a how-to shows, in this Django version's form."""
    return django_versions.as_run_here(SNIPPETS_DIR / "how_to" / name).read_text()


# A snippet section marker (`# --8<-- [start:name]`): pages never show these lines.
SECTION_MARKER = re.compile(r"^\s*# --8<-- \[(start|end):[-\w]+\]\s*$")


def lines_as_shown(path: Path) -> list[str]:
    """The lines of ``path`` as a page shows the whole file (no section markers); none if absent."""
    if not path.is_file():
        return []
    lines = path.read_text().splitlines(keepends=True)
    return [line for line in lines if not SECTION_MARKER.match(line)]


def project_diff(before_project: str, after_project: str, path: str) -> str:
    """The diff of one file of the reader's project, ``path``, between two example projects.

    ``before_project`` and ``after_project`` are folders under ``snippets/``; the labels are
    the reader's (``a/accounts/views.py``, ``b/accounts/views.py``, ``/dev/null`` for a file
    that one side does not have), as ``git diff`` writes them.
    """
    before, after = (
        django_versions.as_run_here(SNIPPETS_DIR / before_project / path),
        django_versions.as_run_here(SNIPPETS_DIR / after_project / path),
    )
    old_label = f"a/{path}" if before.is_file() else "/dev/null"
    new_label = f"b/{path}" if after.is_file() else "/dev/null"
    lines = difflib.unified_diff(
        lines_as_shown(before), lines_as_shown(after), old_label, new_label
    )
    return "".join(lines)
