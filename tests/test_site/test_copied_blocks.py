"""Every Python block of the built site, as its copy button gives it, runs where it belongs.

Chromium clicks each block's copy button and reads the clipboard. A block with a title belongs
to the file the title names: the test finds that file in the repository (its path ends with the
title's path, and it holds the copied code) and runs the copied code as a module beside it,
inside the example project that holds it (Django set up by ``manage.py shell``, with the test's
settings overlay), or alone when no project holds it. A title that names no such file fails. A
block without a title runs in its page's session, one namespace per page, top to bottom, in the
page's project. A ``pycon`` block that shows a traceback must raise the exception it shows.
"""

import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import snippets
from tests.helpers.site import site_pages
from tests.helpers.snippets import ROOT

pytestmark = pytest.mark.browser
RUNNER = Path(__file__).with_name("copied_blocks_runner.py")
SEARCHED = [ROOT / "snippets", ROOT / "tests", ROOT / "conftest.py"]
# Every Python block with a copy button, the copied text, its title and what it shows.
COPY_EVERY_BLOCK = """async () => {
    const found = [];
    const blocks = document.querySelectorAll(
        ".language-python.highlight, .language-pycon.highlight, .language-py.highlight");
    for (const block of blocks) {
        const button = block.querySelector("button.md-clipboard");
        if (!button) continue;
        button.click();
        await new Promise((resolve) => setTimeout(resolve, 0));
        const title = block.querySelector(".filename");
        found.push({
            copied: await navigator.clipboard.readText(),
            title: title ? title.textContent.trim() : null,
            shown: block.querySelector("code").textContent,
            language: [...block.classList].find((name) => name.startsWith("language-")),
        });
    }
    return found;
}"""
# The last line of a traceback a pycon block shows: "module.ErrorName: message".
SHOWN_ERROR = re.compile(
    r"Traceback \(most recent call last\):\n(?:[ .].*\n)*?([\w.]+)(?::|\n|$)"
)


@dataclass
class Block:
    page: str
    copied: str
    title: str | None
    shown: str
    language: str

    def shown_errors(self) -> list[str]:
        """The exceptions a pycon block shows, by class name, in order."""
        if self.language != "language-pycon":
            return []
        return [name.rsplit(".", 1)[-1] for name in SHOWN_ERROR.findall(self.shown)]


def home_of(block: Block) -> Path | None:
    """The repository file a titled block shows: its path ends with the title's, and it holds the code."""
    wanted = block.title.split(" ", 1)[0]
    code = [line.rstrip() for line in block.copied.strip().splitlines()]
    for searched in SEARCHED:
        candidates = (
            [searched] if searched.is_file() else sorted(searched.rglob("*.py"))
        )
        for candidate in candidates:
            if (
                candidate.as_posix().endswith("/" + wanted)
                or candidate.name == wanted == candidate.as_posix()
            ):
                lines = [line.rstrip() for line in candidate.read_text().splitlines()]
                if any(
                    lines[i : i + len(code)] == code
                    for i in range(len(lines) - len(code) + 1)
                ):
                    return candidate
    return None


def project_of(path: Path) -> Path | None:
    """The example project (a folder with ``manage.py``) that holds ``path``, if any."""
    for folder in path.parents:
        if folder == ROOT:
            return None
        if (folder / "manage.py").is_file():
            return folder
    return None


@pytest.fixture(scope="module")
def copied_blocks(browser, built_site, site_url) -> list[Block]:
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    blocks = []
    try:
        for path in site_pages(built_site):
            page.goto(site_url + path)
            page.wait_for_function(
                "() => document.body.dataset.mdColorScheme !== undefined"
            )
            blocks += [
                Block(page=path, **found) for found in page.evaluate(COPY_EVERY_BLOCK)
            ]
    finally:
        context.close()
    return blocks


def run_in(project: Path | None, jobs: list[dict], folder: Path) -> list[str | None]:
    jobs_file, results_file = folder / "jobs.json", folder / "results.json"
    jobs_file.write_text(json.dumps(jobs))
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")
    }
    env.update(
        COPIED_BLOCKS_JOBS=str(jobs_file),
        COPIED_BLOCKS_RESULTS=str(results_file),
        PYTHONDONTWRITEBYTECODE="1",
    )
    if project is None:
        command, cwd = [sys.executable, str(RUNNER)], folder
    else:
        env.update(
            snippets.subprocess_environment(),
            DJANGO_SETTINGS_MODULE="tests.helpers.example_settings",
            EXAMPLE_DATA_DIR=str(folder),
        )
        command = [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            RUNNER.read_text(),
        ]
        cwd = project
    done = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert results_file.is_file(), (
        f"the runner in {project or 'a bare folder'} failed:\n{done.stdout}{done.stderr}"
    )
    return json.loads(results_file.read_text())


def test_every_python_block_runs_where_its_title_says_it_belongs(
    copied_blocks, tmp_path
):
    assert len(copied_blocks) > 50, (
        "the site shows fewer Python blocks than expected: did the markup change?"
    )
    problems = []
    by_project: dict[Path | None, list[tuple[Block, dict]]] = defaultdict(list)
    page_projects: dict[str, set] = defaultdict(set)
    for block in copied_blocks:
        if block.title:
            home = home_of(block)
            if home is None:
                problems.append(
                    f"{block.page}: the block titled {block.title!r} matches no file of the repository"
                )
                continue
            project = project_of(home)
            page_projects[block.page].add(project)
            package = (
                ".".join(home.parent.relative_to(project).parts) if project else None
            )
            job = {
                "file": str(home),
                "stem": home.stem,
                "package": package or None,
                "title": block.title,
                "page": block.page,
                "text": block.copied,
                "repl": block.language == "language-pycon",
            }
            by_project[project].append((block, job))
    for block in copied_blocks:
        if not block.title:
            projects = page_projects[block.page] - {None}
            project = projects.pop() if len(projects) == 1 else None
            job = {
                "file": None,
                "stem": None,
                "package": None,
                "title": None,
                "page": block.page,
                "text": block.copied,
                "repl": block.language == "language-pycon",
            }
            by_project[project].append((block, job))
    for number, (project, entries) in enumerate(by_project.items()):
        folder = tmp_path / f"run{number}"
        folder.mkdir()
        results = run_in(project, [job for _, job in entries], folder)
        for (block, _), errors in zip(entries, results, strict=True):
            where = f"{block.page}: block {block.title or repr(block.copied[:50])}"
            raised = [
                error.strip().splitlines()[-1].split(":", 1)[0].rsplit(".", 1)[-1]
                for error in errors
            ]
            if raised != block.shown_errors():
                problems.append(
                    f"{where} shows the errors {block.shown_errors()}, but as copied it raised "
                    f"{raised}:\n" + "\n".join(errors)
                )
    assert not problems, "\n\n".join(problems)
