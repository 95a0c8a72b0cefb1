"""The files the "Test your docs" page shows, copied into a fresh project, test its docs there.

The project is what a reader has after following the page: the shown ``pyproject.toml``
settings, ``conftest.py``, ``tests/conftest.py``, the two checks under ``tests/test_docs/``, one
snippet with its expected output and its test, and a page that shows them. Nothing of this
repository's ``tests`` package is there; pytest runs in that folder, in a process of its own.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import snippets
from tests.helpers.snippets import ROOT

KIT = ROOT / "snippets" / "test_your_docs"
# Where each file comes from: what the page shows, at the path the page's titles give.
SHOWN_FILES = {
    "pyproject.toml": KIT / "pyproject.toml",
    "conftest.py": ROOT / "conftest.py",
    "tests/conftest.py": KIT / "tests" / "conftest.py",
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


@pytest.fixture
def project(tmp_path) -> Path:
    for relative, source in SHOWN_FILES.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, tmp_path / relative)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(PAGE)
    return tmp_path


def run_pytest(folder: Path) -> subprocess.CompletedProcess:
    # Nothing of this repository may leak in: no PYTHONPATH, no Django settings.
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE")
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:django",
            "-q",
            "-rfs",
        ],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_in_a_fresh_project_the_shown_files_test_the_docs_and_pass(project):
    run = run_pytest(project)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "skipped" not in run.stdout
    # 2 included-files checks, 2 evidence checks, 2 snippet tests, 2 blocks of the page.
    assert run.stdout.splitlines()[-1].startswith("8 passed"), run.stdout
    snippets.record_as_executed(
        [path for path in SHOWN_FILES.values() if path.suffix == ".py"],
        why="their copies ran in the fresh project, and passed",
    )


def test_a_shown_snippet_without_a_test_fails_the_run(project):
    (project / "tests/test_snippets/tutorial/test_first_thread001.py").unlink()
    run = run_pytest(project)
    assert run.returncode == 1
    assert "no test ran them: ['snippets/tutorial/first_thread001.py']" in run.stdout
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
    run = run_pytest(project)
    assert run.returncode == 1
    failed = [line for line in run.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 2, run.stdout
    assert any("test_prints_what_the_page_shows" in line for line in failed)
    assert any("index.md" in line for line in failed)
