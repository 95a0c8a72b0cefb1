"""Every code block on the site is run by ``make test``.

Inline ``python``/``pycon`` blocks are run by Sybil (see ../../conftest.py).
Blocks that include a file with ``--8<--`` are skipped by Sybil, so this module
proves, from coverage.py's data for the whole suite, that every line of each included
``.py`` file ran in some test, and that no page shows code in a form that neither runs.
"""

import os
import re
from pathlib import Path

import coverage
import pytest

from tests.helpers import django_versions, snippets

DOCS = snippets.ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
INCLUDE = re.compile(r'^\s*-{1,2}8<-{1,2}\s+"(?P<target>[^"]+)"\s*$', re.MULTILINE)
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)(?P=fence)\s*$",
    re.MULTILINE | re.DOTALL,
)
# Languages that are not Python and are shown, not run: output, shell commands, diagrams.
SHOWN_ONLY = {"text", "mermaid", "bash", "console", "toml", "yaml", "makefile", "ini"}


def included_files(page: Path) -> list[Path]:
    targets = []
    for match in INCLUDE.finditer(page.read_text()):
        target = match["target"].split(":")[0]
        targets.append((snippets.ROOT / target).resolve())
    return targets


def all_included_python_files() -> list[Path]:
    return sorted(
        {
            path
            for page in PAGES
            for path in included_files(page)
            if path.suffix == ".py"
        }
    )


def test_pages_include_only_files_that_exist():
    for page in PAGES:
        for path in included_files(page):
            assert path.is_file(), (
                f"{page.relative_to(DOCS)} includes {path}, which does not exist"
            )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_fenced_block_is_run_or_is_not_python(page):
    for block in FENCE.finditer(page.read_text()):
        info = block["info"].strip()
        language = info.split()[0].lstrip("{.").rstrip("}") if info else ""
        where = f"{page.relative_to(DOCS)}: block starting {block['body'][:40]!r}"
        assert language, (
            f"{where} has no language; name one so readers and tests know what it is"
        )
        if language in ("python", "py", "pycon"):
            continue  # Sybil runs it, or skips it because it only includes a file (checked below).
        if INCLUDE.fullmatch(block["body"].strip()):
            continue  # The included file is checked below (Python) or is expected output (.out).
        assert language in SHOWN_ONLY, (
            f"{where} is {language!r}: Sybil cannot run it; include it from a tested file"
        )
        assert "import " not in block["body"], (
            f"{where} looks like Python in a {language!r} block"
        )


def test_some_page_includes_python_files():
    assert all_included_python_files(), (
        "no page includes a .py file: did the include syntax change?"
    )


# Set by make test, once the whole suite has run under coverage.py and its data is combined.
COVERAGE_OF_WHOLE_SUITE = "THREAD_OR_QUEUE_COVERAGE_OF_WHOLE_SUITE"


def run_only_as_copies() -> dict[Path, str]:
    """Shown files that the suite runs only as copies outside this checkout, which coverage.py
    does not measure here; each with the test that runs the copy and sees it work."""
    copies = {
        snippets.ROOT
        / "snippets/test_your_docs/tests/test_docs/test_included_files.py": (
            "tests/test_snippets/test_your_docs/test_kit.py runs it in a fresh project, "
            "under that project's own coverage run"
        ),
    }
    for manage in django_versions.run_only_as_copies():
        copies[manage] = "its byte-for-byte copy runs each project on Django 5.2"
    return copies


def test_every_line_of_every_included_python_file_ran():
    data_file = os.environ.get(COVERAGE_OF_WHOLE_SUITE)
    if not data_file:
        pytest.skip(
            "make test runs this check once the whole suite has run under coverage.py"
        )
    measured = coverage.Coverage(data_file=data_file)
    measured.load()
    # A page shows some files in a 6.x and a 5.2 version; each run must run its own.
    left_out = django_versions.not_run_on_this_version() | set(run_only_as_copies())
    never_ran = {}
    for path in all_included_python_files():
        if path in left_out:
            continue
        _, _, _, missing, missing_text = measured.analysis2(str(path))
        if missing:
            never_ran[str(path.relative_to(snippets.ROOT))] = missing_text
    assert not never_ran, (
        "shown on the site, but no test ran these lines: "
        + "; ".join(f"{path} lines {lines}" for path, lines in never_ran.items())
    )
