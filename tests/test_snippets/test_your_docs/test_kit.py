"""The files the "Test your docs" page shows, copied into a fresh project, test its docs there.

The project is what a reader has after following the page: the shown ``pyproject.toml``
settings, ``conftest.py``, ``test-docs.sh``, the two checks under ``tests/test_docs/``, one
snippet with its expected output and its test, and a page that shows them. Nothing of this
repository's ``tests`` package is there; ``test-docs.sh`` runs in that folder, in a process of
its own, under a coverage.py run of its own.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.snippets import ROOT

KIT = ROOT / "snippets" / "test_your_docs"
# Where each file comes from: what the page shows, at the path the page's titles give.
SHOWN_FILES = {
    "pyproject.toml": KIT / "pyproject.toml",
    "conftest.py": ROOT / "conftest.py",
    "test-docs.sh": KIT / "test-docs.sh",
    "tests/test_docs/test_included_files.py": KIT
    / "tests/test_docs/test_included_files.py",
    "tests/test_docs/test_evidence_links.py": ROOT
    / "tests/test_docs/test_evidence_links.py",
    "tests/test_snippets/tutorial/test_first_thread001.py": (
        ROOT / "tests/test_snippets/tutorial/test_first_thread001.py"
    ),
    "snippets/tutorial/first_thread001.py": ROOT
    / "snippets/tutorial/first_thread001.py",
    "snippets/tutorial/first_thread001.out": ROOT
    / "snippets/tutorial/first_thread001.out",
}
PAGE = """# A page of the reader's docs

```python
jobs = ["resize cat.png"]
```

```pycon
>>> [job.upper() for job in jobs]
['RESIZE CAT.PNG']
```

```python title="snippets/tutorial/first_thread001.py"
--8<-- "snippets/tutorial/first_thread001.py"
```

Shown by `tests/test_snippets/tutorial/test_first_thread001.py::test_prints_what_the_page_shows`.
"""
CITATION = PAGE.splitlines()[-1]


@pytest.fixture
def project(tmp_path) -> Path:
    for relative, source in SHOWN_FILES.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, tmp_path / relative)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(PAGE)
    return tmp_path


def run_test_docs(folder: Path) -> subprocess.CompletedProcess:
    # Nothing of this repository may leak in: no PYTHONPATH, no Django settings, and no
    # coverage.py settings of this suite's own run (the script starts its own).
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE")
        and not name.startswith("COVERAGE_")
    }
    # The reader's virtualenv is active: its pytest and coverage come first on PATH.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    return subprocess.run(
        ["/bin/sh", "test-docs.sh"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_in_a_fresh_project_the_shown_files_test_the_docs_and_pass(project):
    run = run_test_docs(project)
    assert run.returncode == 0, run.stdout + run.stderr
    summaries = [line for line in run.stdout.splitlines() if " passed" in line]
    # The whole suite: 2 evidence checks, 2 snippet tests, 2 blocks of the page, and the
    # included-files module, whose coverage check skips; then that module once more, after
    # `coverage combine`, where the check runs.
    assert " 7 passed, 1 skipped in " in summaries[0], run.stdout
    assert " 2 passed in " in summaries[1], run.stdout


def test_a_shown_snippet_that_no_test_runs_fails_the_run(project):
    (project / "tests/test_snippets/tutorial/test_first_thread001.py").unlink()
    page = project / "docs" / "index.md"
    # The page cites another test, so that only the included-files check has something to say.
    other_test = (
        "tests/test_docs/test_included_files.py::test_pages_include_python_files"
    )
    page.write_text(page.read_text().replace(CITATION, f"See `{other_test}`."))
    run = run_test_docs(project)
    assert run.returncode == 1
    assert (
        "no test ran these lines: {'snippets/tutorial/first_thread001.py'" in run.stdout
    )


def test_a_shown_line_that_no_test_reaches_fails_the_run(project):
    snippet = project / "snippets/tutorial/first_thread001.py"
    shown_lines = len(snippet.read_text().splitlines())
    with snippet.open("a") as code:
        code.write("\n\ndef never_called():\n    return 'no test reaches this line'\n")
    run = run_test_docs(project)
    assert run.returncode == 1
    unreached = shown_lines + 4  # the return line; the def line ran with the module
    assert (
        f"no test ran these lines: {{'snippets/tutorial/first_thread001.py': '{unreached}'}}"
        in run.stdout
    )


def test_a_citation_of_a_test_that_does_not_exist_fails_the_run(project):
    (project / "tests/test_snippets/tutorial/test_first_thread001.py").unlink()
    run = run_test_docs(project)
    assert run.returncode == 1
    assert (
        "cites tests/test_snippets/tutorial/test_first_thread001.py, which does not exist"
        in run.stdout
    )


def test_output_that_no_longer_matches_the_page_fails_the_run(project):
    (project / "snippets/tutorial/first_thread001.out").write_text("something else\n")
    page = project / "docs" / "index.md"
    page.write_text(
        page.read_text().replace("['RESIZE CAT.PNG']", "['resize cat.png']")
    )
    run = run_test_docs(project)
    assert run.returncode == 1
    failed = [line for line in run.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 2, run.stdout
    assert any("test_prints_what_the_page_shows" in line for line in failed)
    assert any("index.md" in line for line in failed)
