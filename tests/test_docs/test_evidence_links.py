"""Every test a page cites as evidence exists.

Pages name their evidence as inline code, ``tests/<path>.py::test_name`` (a
test function, or ``Class::test_name``) or ``tests/<path>.py`` (a whole module).
A bare ``test_name`` later in the same paragraph names a test of the module
cited last. A renamed or deleted test would otherwise leave a claim pointing at
nothing.
"""

import ast
import re
from pathlib import Path

import pytest

# This file is part of the kit the "Test your docs" page shows: it stands alone, so it
# finds the root itself rather than through this repository's tools.
ROOT = Path(__file__).resolve().parents[2]


DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
CITATION = re.compile(
    r"`(?P<path>tests/[\w./-]+\.py)(?:::(?P<names>[\w:]+))?`|`(?P<bare>test_\w+)`"
)


def defined_names(module_source: str) -> set[str]:
    """Names of top-level functions and classes, and ``Class::method`` for methods."""
    names = set()
    for node in ast.parse(module_source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        if isinstance(node, ast.ClassDef):
            names.update(
                f"{node.name}::{item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef)
            )
    return names


def citations(page) -> list[tuple[str, str | None]]:
    """(module path, test name or None) for each citation on the page."""
    found = []
    for paragraph in re.split(r"\n\s*\n", page.read_text()):
        module = None
        for match in CITATION.finditer(paragraph):
            if match["path"]:
                module = match["path"]
                found.append((module, match["names"]))
            elif module:
                found.append((module, match["bare"]))
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_cited_tests_exist(page):
    for path, name in citations(page):
        module = ROOT / path
        assert module.is_file(), (
            f"{page.relative_to(DOCS)} cites {path}, which does not exist"
        )
        if name:
            assert name in defined_names(module.read_text()), (
                f"{page.relative_to(DOCS)} cites {path}::{name}, "
                f"but that module defines no {name}"
            )


def test_pages_cite_evidence():
    assert any(citations(page) for page in PAGES), (
        "no page cites a test: did the citation style change?"
    )
