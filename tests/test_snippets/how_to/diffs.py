"""The unified diff a migration how-to shows between two snippet files."""

import difflib

from tests.helpers.snippets import SNIPPETS_DIR


def page_diff(before: str, after: str) -> str:
    old, new = (SNIPPETS_DIR / before).read_text(), (SNIPPETS_DIR / after).read_text()
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), f"snippets/{before}", f"snippets/{after}"
    )
    return "".join(lines)


def shown_diff(name: str) -> str:
    return (SNIPPETS_DIR / "how_to" / name).read_text()
