"""Every Python block of the built site, as its copy button gives it, runs where it belongs.

Chromium clicks each block's copy button and reads the clipboard. A block with a title belongs
to the file the title names: the test finds that file in the repository (its path ends with the
title's path, and it holds the copied code) and runs it inside the example project that holds it
(Django set up by ``manage.py shell``, with the test's settings overlay), or alone when no
project holds it. A title that names no such file fails.

* A block that is its whole file: the file runs (it is the copied code, markers aside).
* A block that is part of its file runs alone, beside the file. If it needs names it does not
  import, it must have the whole file beside it on the page (a reader sees the imports there),
  and it then runs after the file's own imports, as pasted into that file.
* A block without a title runs in its page's session, one namespace per page, top to bottom, in
  the page's project. A ``pycon`` block that shows a traceback must raise the exception it shows.
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

from tests.helpers import django_versions
from tests.helpers.site import written_pages
from tests.helpers.snippets import ROOT, SNIPPETS_DIR
from tests.test_snippets.ladder import postgres_databases, workers

pytestmark = pytest.mark.browser
RUNNER = Path(__file__).with_name("copied_blocks_runner.py")
SEARCHED = [ROOT / "snippets", ROOT / "tests", ROOT / "conftest.py"]
# Every Python block with a copy button, the copied text, its title and what it shows.
COPY_EVERY_BLOCK = """async () => {
    const found = [];
    // A reader opens a collapsed block before copying from it.
    for (const details of document.querySelectorAll("details")) details.open = true;
    const blocks = document.querySelectorAll(
        ".language-python.highlight, .language-pycon.highlight, .language-py.highlight");
    for (const block of blocks) {
        const button = block.querySelector("button[data-md-type='copy']");
        if (!button) continue;
        await navigator.clipboard.writeText("");
        button.click();
        // The copy lands a moment after the click: wait for it, not for a fixed time.
        let copied = "";
        for (let tries = 0; copied === "" && tries < 100; tries++) {
            await new Promise((resolve) => setTimeout(resolve, 10));
            copied = await navigator.clipboard.readText();
        }
        const title = block.querySelector(".filename");
        // The Django version tab the block sits in, if any (tabs may nest in other tabs).
        let tab = null;
        for (let panel = block.closest(".tabbed-block"); panel && !tab;
             panel = panel.parentElement.closest(".tabbed-block")) {
            const index = [...panel.parentElement.children].indexOf(panel);
            const set = panel.closest(".tabbed-set");
            const label = set.querySelectorAll(":scope > .tabbed-labels > label")[index];
            if (label && label.textContent.trim().startsWith("Django ")) {
                tab = label.textContent.trim();
            }
        }
        found.push({
            tab: tab,
            copied: copied,
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
    # The Django version tab holding the block ("Django 5.2 LTS"), if any.
    tab: str | None

    def shown_errors(self) -> list[str]:
        """The exceptions a pycon block shows, by class name, in order."""
        if self.language != "language-pycon":
            return []
        return [name.rsplit(".", 1)[-1] for name in SHOWN_ERROR.findall(self.shown)]


SECTION_MARKER = re.compile(r"^\s*# --8<-- \[(start|end):[\w-]+\]\s*$")


def shown_lines(path: Path) -> list[str]:
    """The file's lines as the site shows them: snippet section markers left out."""
    lines = path.read_text().splitlines()
    return [line.rstrip() for line in lines if not SECTION_MARKER.match(line)]


def home_of(block: Block) -> tuple[Path, bool, str] | None:
    """The repository file a titled block shows (its path ends with the title's, and it holds
    the copied code), whether the block is the whole of it, and the file's text before it."""
    wanted = block.title.split(" ", 1)[0]
    code = [line.strip() for line in block.copied.strip("\n").splitlines()]
    other_version = django_versions.not_run_on_this_version()
    for searched in SEARCHED:
        candidates = (
            [searched] if searched.is_file() else sorted(searched.rglob("*.py"))
        )
        for candidate in candidates:
            if candidate in other_version:
                continue
            if not candidate.as_posix().endswith("/" + wanted):
                continue
            lines = shown_lines(candidate)
            stripped = [line.strip() for line in lines]
            if [line for line in stripped if line] == [line for line in code if line]:
                return candidate, True, ""
            for start in range(len(lines) - len(code) + 1):
                if stripped[start : start + len(code)] == code:
                    return candidate, False, "\n".join(lines[:start])
    return None


def project_of(path: Path) -> Path | None:
    """The example project (a folder with ``manage.py``) that holds ``path``, if any; for a
    Django 5.2 version under ``snippets/django52/``, the project of its original."""
    if django_versions.VARIANTS_DIR in path.parents:
        path = SNIPPETS_DIR / path.relative_to(django_versions.VARIANTS_DIR)
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
        for path in written_pages(built_site):
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


def overlay_for(project: Path) -> str:
    """The settings overlay the project's own tests use: its rung's, or the shared one."""
    rung_tests = ROOT / "tests" / "test_snippets" / "ladder" / project.name
    rung = rung_tests / f"{project.name}_settings.py"
    return (
        f"tests.test_snippets.ladder.{project.name}.{rung.stem}"
        if rung.is_file()
        else "tests.helpers.example_settings"
    )


def run_in(project: Path | None, jobs: list[dict], folder: Path) -> list[list[str]]:
    jobs_file, results_file = folder / "jobs.json", folder / "results.json"
    jobs_file.write_text(json.dumps(jobs))
    files = {
        "COPIED_BLOCKS_JOBS": str(jobs_file),
        "COPIED_BLOCKS_RESULTS": str(results_file),
    }
    if project is None:
        env = {
            name: value
            for name, value in os.environ.items()
            if name not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")
        }
        done = subprocess.run(
            [sys.executable, str(RUNNER)],
            cwd=folder,
            env={**env, **files},
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        output = done.stdout + done.stderr
    else:
        relative = str(project.relative_to(SNIPPETS_DIR))
        # A project whose queue lives in PostgreSQL runs on a fresh database there.
        with postgres_databases.database_for(relative, "copied") as database:
            example = workers.ExampleProject(
                relative, folder, settings=overlay_for(project), **files, **database
            )
            if database:
                example.run("python manage.py migrate --verbosity 0")
            else:
                example.migrate()
            try:
                output = example.shell(RUNNER.read_text())
            except AssertionError as failure:
                output = str(failure)
    assert results_file.is_file(), (
        f"the runner in {project or 'a bare folder'} failed:\n{output}"
    )
    return json.loads(results_file.read_text())


def module_name(path: Path, project: Path | None) -> str | None:
    if project is None:
        return None
    if django_versions.VARIANTS_DIR in path.parents:
        path = SNIPPETS_DIR / path.relative_to(django_versions.VARIANTS_DIR)
    return ".".join(path.relative_to(project).with_suffix("").parts)


def test_every_python_block_runs_where_its_title_says_it_belongs(
    copied_blocks, tmp_path
):
    assert len(copied_blocks) > 50, (
        "the site shows fewer Python blocks than expected: did the markup change?"
    )
    problems = []
    jobs: dict[Path | None, list[tuple[Block, dict]]] = defaultdict(list)
    page_projects: dict[str, set] = defaultdict(set)
    homes = {}
    # The other Django version's tab shows code this Django cannot run: the other run runs it.
    copied_blocks = [
        block
        for block in copied_blocks
        if block.tab in (None, django_versions.THIS_VERSION_TAB)
    ]
    for block in copied_blocks:
        if not block.copied.strip():
            problems.append(
                f"{block.page}: the copy button of block {block.title or block.shown[:50]!r} gave nothing"
            )
            continue
        if block.title:
            found = home_of(block)
            if found is None:
                problems.append(
                    f"{block.page}: the block titled {block.title!r} matches no file of the repository"
                )
                continue
            homes[id(block)] = found
            page_projects[block.page].add(project_of(found[0]))
    whole_files_shown = {
        (block.page, homes[id(block)][0])
        for block in copied_blocks
        if id(block) in homes and homes[id(block)][1]
    }
    for block in copied_blocks:
        job = {
            "page": block.page,
            "title": block.title,
            "text": block.copied,
            "repl": block.language == "language-pycon",
            "file": None,
            "module": None,
            "package": None,
            "copy_name": "__main__",
            "prelude": None,
        }
        if block.title and id(block) not in homes:
            continue
        if block.title:
            home, whole, before = homes[id(block)]
            project = project_of(home)
            module = module_name(home, project)
            job.update(file=str(home), module=module)
            if whole:
                job["kind"] = "file"
            else:
                package = module.rpartition(".")[0] if module else None
                job.update(
                    kind="fragment",
                    package=package or None,
                    copy_name=f"{module}_as_copied" if module else "__main__",
                )
                if (block.page, home) in whole_files_shown:
                    job["prelude"] = before
        else:
            projects = page_projects[block.page] - {None}
            project = projects.pop() if len(projects) == 1 else None
            job["kind"] = "session"
        jobs[project].append((block, job))
    for number, (project, entries) in enumerate(jobs.items()):
        folder = tmp_path / f"run{number}"
        folder.mkdir()
        results = run_in(project, [job for _, job in entries], folder)
        for (block, job), errors in zip(entries, results, strict=True):
            where = f"{block.page}: block {block.title or repr(block.copied[:50])}"
            raised = [
                error.strip().splitlines()[-1].split(":", 1)[0].rsplit(".", 1)[-1]
                for error in errors
            ]
            if raised == block.shown_errors():
                continue
            needs_imports = (
                job["kind"] == "fragment"
                and not job["prelude"]
                and "NameError" in raised
            )
            hint = (
                " (show its imports, or its whole file beside it)"
                if needs_imports
                else ""
            )
            problems.append(
                f"{where} shows the errors {block.shown_errors()}, but as copied it raised "
                f"{raised}{hint}:\n" + "\n".join(errors)
            )
    assert not problems, "\n\n".join(problems)
