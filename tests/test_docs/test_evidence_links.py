"""Every test a page cites as evidence exists.

Pages name their evidence as inline code, ``tests/<path>.py::test_name`` (a
test function, or ``Class::test_name``) or ``tests/<path>.py`` (a whole module).
A renamed or deleted test would otherwise leave a claim pointing at nothing.
"""

import ast
import re

import pytest

from tests.helpers.snippets import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
CITATION = re.compile(r"`(?P<path>tests/[\w./-]+\.py)(?:::(?P<names>[\w:]+))?`")


def defined_names(module_source: str) -> set[str]:
    """Names of top-level functions and classes, and ``Class::method`` for methods."""
    names = set()
    for node in ast.parse(module_source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        if isinstance(node, ast.ClassDef):
            names.update(f"{node.name}::{item.name}" for item in node.body if isinstance(item, ast.FunctionDef))
    return names


def citations(page) -> list[re.Match]:
    return list(CITATION.finditer(page.read_text()))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_cited_tests_exist(page):
    for citation in citations(page):
        module = ROOT / citation["path"]
        assert module.is_file(), f"{page.relative_to(DOCS)} cites {citation['path']}, which does not exist"
        if citation["names"]:
            name = citation["names"].split("[")[0]
            assert name in defined_names(module.read_text()), (
                f"{page.relative_to(DOCS)} cites {citation[0]}, but {citation['path']} defines no {name}"
            )


def test_pages_cite_evidence():
    assert any(citations(page) for page in PAGES), "no page cites a test: did the citation style change?"
