"""Every line of every Python file a page includes with ``--8<--`` ran in a test.

It reads coverage.py's data for the whole suite, so ``test-docs.sh`` runs it last, with
``COVERAGE_OF_WHOLE_SUITE`` naming that data; any other pytest run skips it.
"""

import os
import re
from pathlib import Path

import coverage
import pytest

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


def test_every_line_of_every_included_python_file_ran():
    data_file = os.environ.get("COVERAGE_OF_WHOLE_SUITE")
    if not data_file:
        pytest.skip("test-docs.sh runs this after the whole suite, under coverage.py")
    measured = coverage.Coverage(data_file=data_file)
    measured.load()
    never_ran = {}
    for path in sorted(included_python_files()):
        _, _, _, missing, missing_text = measured.analysis2(str(path))
        if missing:
            never_ran[str(path.relative_to(ROOT))] = missing_text
    assert not never_ran, f"shown on a page, but no test ran these lines: {never_ran}"
