"""tools/evidence.py: citations in a page's Markdown become short links to the evidence pages,
and each evidence page marks every test with its name. The built site is checked in
tests/test_site/test_evidence_pages.py."""

import html
import re

import pytest

from tools import evidence

MODULE = "tests/test_docs/test_evidence_links.py"
PAGE = "how-to/a-page.md"
TARGET = "../evidence/test_docs/test_evidence_links.md"


def test_a_full_citation_becomes_a_test_marker_named_after_its_test():
    text = f"Shown by `{MODULE}::test_cited_tests_exist`.\n"
    assert evidence.rewrite(text, PAGE) == (
        f'Shown by [test]({TARGET}#test_cited_tests_exist "test_evidence_links.py::'
        'test_cited_tests_exist"){: .evidence-link aria-label="test: cited tests exist" }.\n'
    )


def test_a_module_reads_as_its_file_name_and_a_later_bare_name_links_into_it():
    text = f"Shown by `{MODULE}`:\n`test_pages_cite_evidence` and `defined_names`.\n"
    rewritten = evidence.rewrite(text, PAGE)
    assert rewritten == (
        f'Shown by [`test_evidence_links.py`]({TARGET} "{MODULE}"):\n'
        f"[`test_pages_cite_evidence`]({TARGET}#test_pages_cite_evidence "
        '"test_evidence_links.py::test_pages_cite_evidence") and `defined_names`.\n'
    )


def test_a_bare_name_in_another_paragraph_or_in_fenced_code_is_left_alone():
    text = (
        f"`{MODULE}::test_cited_tests_exist`\n\n`test_pages_cite_evidence`\n\n"
        f"```python\n# `{MODULE}::test_cited_tests_exist`\n```\n"
    )
    rewritten = evidence.rewrite(text, "index.md")
    assert rewritten.count("](") == 1
    assert "\n\n`test_pages_cite_evidence`\n\n```python\n# `tests/" in rewritten
    assert "(evidence/test_docs/test_evidence_links.md#test_cited_tests_exist" in (
        rewritten
    )


def test_inline_code_that_shows_a_fence_does_not_open_one():
    text = f"- ```` ```python ```` is skipped\n\nShown by `{MODULE}::test_cited_tests_exist`.\n"
    assert "[test](" in evidence.rewrite(text, PAGE)


def test_the_comparison_tables_short_form_finds_its_module():
    rewritten = evidence.rewrite(
        "| x | `test_evidence_links.py::test_cited_tests_exist` |",
        "decide/comparison.md",
    )
    assert "(../evidence/test_docs/test_evidence_links.md#test_cited_tests_exist" in (
        rewritten
    )


@pytest.mark.parametrize(
    "citation, problem",
    [
        ("`tests/no_such_module.py::test_x`", "tests/no_such_module.py does not exist"),
        (f"`{MODULE}::test_nothing`", "defines no test_nothing"),
        ("`test_nothing_like_it.py::test_x`", "names 0 modules under tests/"),
    ],
)
def test_a_citation_of_nothing_stops_the_build(citation, problem):
    with pytest.raises(evidence.CitationError, match=re.escape(problem)):
        evidence.rewrite(f"Shown by {citation}.", PAGE)


def test_each_function_and_method_of_the_module_is_an_anchor_around_its_lines():
    code = evidence.highlighted("tests/test_snippets/django_project/test_background.py")
    names = evidence.named_spans(
        "tests/test_snippets/django_project/test_background.py"
    )
    text = html.unescape(re.sub(r"<[^>]+>", "", code))
    assert (
        text.splitlines()
        == evidence.module_text(
            "tests/test_snippets/django_project/test_background.py"
        ).splitlines()
    )
    for name in names:
        opening = code.index(f'<span class="evidence-test" id="{name}">')
        plain = re.sub(r"<[^>]+>", "", code[opening:])
        short = name.rpartition("::")[2]
        assert re.search(rf"^\s*(?:async )?(?:def|class) {short}\b", plain, re.M)
    assert code.count('<span class="evidence-test"') == len(names)
