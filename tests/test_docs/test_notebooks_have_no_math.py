"""The notebooks hold no math, so the site may load a stand-in instead of MathJax.

``mkdocs.yml`` points mkdocs-jupyter's ``custom_mathjax_url`` at
``docs/assets/javascripts/no-math.js``. A notebook that starts using math must
bring MathJax back (vendored, never from a CDN); this test says so first.
"""

import re

import pytest

from tests.helpers.snippets import ROOT

NOTEBOOKS = sorted((ROOT / "docs" / "measurements").glob("*.py"))
# What MathJax would typeset: $...$, $$...$$, \(...\), \[...\], \begin{...}.
MATH = re.compile(r"\$[^$\s`][^$`]*\$|\$\$|\\\(|\\\[|\\begin\{")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_markdown_has_no_math(notebook):
    markdown = [
        line[1:] for line in notebook.read_text().splitlines() if line.startswith("#")
    ]
    found = [line for line in markdown if MATH.search(line)]
    assert not found, (
        f"{notebook.name} has math, but the site loads no MathJax: {found}"
    )


def test_the_site_loads_the_stand_in_not_mathjax():
    config = (ROOT / "mkdocs.yml").read_text()
    assert "custom_mathjax_url: /assets/javascripts/no-math.js" in config
    assert NOTEBOOKS
