"""Every Python file a page includes with ``--8<--`` was executed by some test."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "docs").rglob("*.md"))
INCLUDE = re.compile(r'^\s*-{1,2}8<-{1,2}\s+"(?P<target>[^"]+)"\s*$', re.MULTILINE)


def included_python_files() -> set[Path]:
    found = set()
    for page in PAGES:
        for match in INCLUDE.finditer(page.read_text()):
            path = ROOT / match["target"].split(":")[0]  # "file.py:section" shows part
            if path.suffix == ".py":
                found.add(path.resolve())
    return found


def test_pages_include_python_files():
    assert included_python_files(), (
        "no page includes a .py file: did the syntax change?"
    )


def test_every_included_python_file_was_executed(executed_files):
    not_run = sorted(
        str(path.relative_to(ROOT))
        for path in included_python_files()
        if path not in executed_files
    )
    assert not not_run, f"shown on a page, but no test ran them: {not_run}"
