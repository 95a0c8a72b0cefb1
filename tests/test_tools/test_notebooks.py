"""The site's mkdocs-jupyter settings run the measurement notebooks at every build, and a cell that
raises (a claimed direction that no longer holds) fails the build and names the notebook. That the
real site's notebook pages show this build's outputs is tested in tests/test_site/test_build.py,
on the build every test shares."""

import os
import subprocess
import sys
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

from tests.helpers.snippets import ROOT

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


def site_notebook_settings() -> dict:
    """mkdocs-jupyter's settings in the site's mkdocs.yml, its template at an absolute path."""
    with (ROOT / "mkdocs.yml").open() as config:
        plugins = yaml_load(config)["plugins"]
    [settings] = [
        entry["mkdocs-jupyter"] for entry in plugins if "mkdocs-jupyter" in entry
    ]
    settings["custom_template"] = str(ROOT / settings["custom_template"])
    return settings


def build(project: Path, pages: dict[str, str]) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of a small project with the site's mkdocs-jupyter settings."""
    config = {
        "site_name": "notebook settings test",
        "plugins": [{"mkdocs-jupyter": site_notebook_settings()}],
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config))
    for name, text in pages.items():
        (project / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / name).write_text(text)
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "JUPYTER_RUNTIME_DIR": str(project / "jupyter-runtime"),
        "IPYTHONDIR": str(project / "ipython"),
    }
    env.pop("THREAD_OR_QUEUE_EXECUTE_NOTEBOOKS", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_notebooks_run_at_every_build(tmp_path):
    result = build(
        tmp_path, {"index.md": "# Home\n", "measurements/fine.py": GOOD_NOTEBOOK}
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "measurements" / "fine" / "index.html").read_text()
    assert "measured 42" in page


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
    assert "measurements/broken.py" in result.stderr
    assert "the claimed direction no longer holds: 1.2" in result.stderr
