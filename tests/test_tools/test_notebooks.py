"""tools/notebooks.py: a notebook cell that raises fails the build and names the notebook, and a build
that fails before the notebooks run still shuts their kernels down. That the real site's notebook pages show
this build's outputs is tested in tests/test_site/test_build.py, on the build every test shares."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from tests.helpers.snippets import ROOT
from tools import notebooks

GOOD_NOTEBOOK = """\
# %%
print("measured", 6 * 7)
"""
BROKEN_NOTEBOOK = """\
# %%
ratio = 1.2
# %%
assert ratio < 1, f"the claimed direction no longer holds: {ratio}"
"""


def build(project: Path, pages: dict[str, str]) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of a small project that uses the hook and mkdocs-jupyter as the site does."""
    (project / "mkdocs.yml").write_text(
        textwrap.dedent(f"""\
        site_name: notebook hook test
        hooks:
          - {ROOT / "tools" / "notebooks.py"}
        plugins:
          - mkdocs-jupyter:
              include: ["measurements/*.py", "measurements/*.ipynb"]
              execute: false
        markdown_extensions:
          - pymdownx.snippets:
              check_paths: true
    """)
    )
    for name, text in pages.items():
        (project / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / name).write_text(text)
    runtime = project / "jupyter-runtime"
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "JUPYTER_RUNTIME_DIR": str(runtime),
        "IPYTHONDIR": str(project / "ipython"),
        "THREAD_OR_QUEUE_EXECUTE_NOTEBOOKS": "true",
    }
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_cell_that_raises_fails_the_build_and_names_the_notebook(tmp_path):
    result = build(
        tmp_path,
        {
            "index.md": "# Home\n",
            "measurements/fine.py": GOOD_NOTEBOOK,
            "measurements/broken.py": BROKEN_NOTEBOOK,
        },
    )
    assert result.returncode != 0
    assert "notebook docs/measurements/broken.py failed" in result.stderr
    assert "the claimed direction no longer holds: 1.2" in result.stderr


def test_cancelling_after_the_kernels_start_runs_nothing_and_stops_every_kernel(
    tmp_path, monkeypatch
):
    # Not under $HOME, even when pytest runs without make's settings.
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "jupyter-runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    # What the hook does when the build fails before reaching a notebook page (on_build_error).
    (tmp_path / "measurements").mkdir()
    sources = [tmp_path / "measurements" / name for name in ("one.py", "two.py")]
    for source in sources:
        source.write_text(GOOD_NOTEBOOK)
    run = notebooks.NotebookRun(tmp_path, sources, tmp_path / "executed")
    assert run.kernels_started.wait(timeout=60), run.error
    assert [kernel.has_kernel for kernel in run.kernels] == [True, True]
    run.cancel()
    assert [kernel.has_kernel for kernel in run.kernels] == [False, False]
    assert run.executed == {} and run.error is None


@pytest.mark.parametrize("value", ["yes", "0", ""])
def test_an_unknown_execute_setting_is_refused_clearly(monkeypatch, value):
    monkeypatch.setenv("THREAD_OR_QUEUE_EXECUTE_NOTEBOOKS", value)
    with pytest.raises(PluginError, match=f"must be 'true' or 'false', not {value!r}"):
        notebooks.execution_enabled()
