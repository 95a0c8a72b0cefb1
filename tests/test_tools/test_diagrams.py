"""tools/diagrams.py: the build draws ```mermaid fences from the stored SVGs (and fails clearly
without them), and the stored SVGs match the site's diagram sources one for one. Drawing in
Chromium is tested in tests/test_site/test_diagrams.py, beside the other browser tests."""

import re
import subprocess
import sys
from collections import Counter
from types import SimpleNamespace

import markdown
import pytest

from tests.helpers.snippets import ROOT
from tools import diagrams

UNDRAWN = "flowchart LR\n    accTitle: Never drawn\n    never --> drawn"
ELEMENT_ID = re.compile(r'\sid="([^"]+)"')


def site_markdown(text: str) -> str:
    """``text`` converted with the superfences set-up the hook gives the real build."""
    config = diagrams.on_config(
        SimpleNamespace(mdx_configs={"pymdownx.superfences": {}})
    )
    return markdown.markdown(
        text, extensions=["pymdownx.superfences"], extension_configs=config.mdx_configs
    )


def a_site_source() -> str:
    return next(iter(diagrams.site_sources().values()))


def test_a_fence_without_stored_svgs_stops_the_build_with_the_command_to_run():
    with pytest.raises(diagrams.DiagramNotRendered) as raised:
        site_markdown(f"```mermaid\n{UNDRAWN}\n```\n")
    assert str(raised.value) == (
        f"diagram {diagrams.diagram_hash(UNDRAWN)} (first line: 'flowchart LR') is not rendered: run `make diagrams`"
    )


def test_a_drawn_fence_becomes_both_svgs_and_its_source_in_a_closed_details():
    source = a_site_source()
    page = site_markdown(f"```mermaid\n{source}\n```\n")
    digest = diagrams.diagram_hash(source)
    for variant in ("light", "dark"):
        assert (
            f'<div class="diagram__{variant}"><svg role="img" id="diagram-{digest}-{variant}"'
            in page
        )
    assert (
        '<details class="diagram__source"><summary>Diagram source (Mermaid)</summary>'
        in page
    )
    assert "<details open" not in page
    first_label = re.search(r"accTitle: (.+)", source)[1]
    assert f"<pre><code>flowchart TD\n    accTitle: {first_label}\n" in page
    assert "<pre class" not in page, "the fence was left as a code block"


def test_every_stored_svg_belongs_to_a_current_diagram_and_every_diagram_has_both():
    expected = {
        f"{digest}.{variant}.svg"
        for digest in diagrams.site_sources()
        for variant in diagrams.THEMES
    }
    stored = {path.name for path in diagrams.stored_svgs()}
    assert stored - expected == set(), (
        "stale SVGs: run `make diagrams`, which removes them"
    )
    assert expected - stored == set(), "undrawn diagrams: run `make diagrams`"
    # The home page and the questionnaire (its flowchart included from a file) each have one.
    assert len(expected) == 4


def test_every_diagram_has_an_accessible_name_and_description():
    for digest, source in diagrams.site_sources().items():
        assert re.search(r"^\s*accTitle: \S", source, re.MULTILINE), digest
        assert re.search(r"^\s*accDescr: \S", source, re.MULTILINE), digest
    for path in diagrams.stored_svgs():
        opening = re.match(r"<svg\b[^>]*>", path.read_text())[0]
        assert 'role="img"' in opening and "aria-labelledby=" in opening, path.name


def test_no_two_stored_svgs_share_an_element_id():
    # A page inlines a light and a dark drawing, and may show several diagrams.
    ids = Counter(
        element_id
        for path in diagrams.stored_svgs()
        for element_id in ELEMENT_ID.findall(path.read_text())
    )
    assert [element_id for element_id, count in ids.items() if count > 1] == []


def test_a_drawing_without_an_accessible_name_is_refused():
    with pytest.raises(ValueError, match="add an `accTitle:` line"):
        diagrams.as_image(
            '<svg id="x" role="graphics-document document"><g/></svg>', UNDRAWN
        )


def test_the_command_refuses_arguments_with_its_usage():
    finished = subprocess.run(
        [sys.executable, "-m", "tools.diagrams", "--all"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert finished.returncode == 1
    assert finished.stderr.startswith("usage: python -m tools.diagrams")


def test_a_drawing_wider_than_the_column_at_a_legible_size_scrolls_sideways(
    monkeypatch, tmp_path
):
    # Drawn 2000 px wide: shrunk to a 688 px column its 16 px labels would be 5.5 px high.
    source = "flowchart TD\n    accTitle: A wide tree\n    accDescr: Wide.\n    a --> b"
    wide = '<svg role="img" id="w" style="max-width: 2000px;" viewBox="0 0 2000 900"></svg>'
    narrow = '<svg role="img" id="n" style="max-width: 474.2px;" viewBox="0 0 474 800"></svg>'
    monkeypatch.setattr(diagrams, "STORE", tmp_path)
    digest = diagrams.diagram_hash(source)
    for variant in diagrams.THEMES:
        (tmp_path / f"{digest}.{variant}.svg").write_text(wide)
    page = site_markdown(f"```mermaid\n{source}\n```\n")
    assert (
        '<div class="diagram__drawing diagram__drawing--wide" data-search-exclude'
        ' tabindex="0" role="region" aria-label="A wide tree (scrolls sideways)"'
        ' style="--diagram-min-width: 1500px">'
    ) in page
    # One that fits the column at three quarters of its size is left to scale as before.
    for variant in diagrams.THEMES:
        (tmp_path / f"{digest}.{variant}.svg").write_text(narrow)
    page = site_markdown(f"```mermaid\n{source}\n```\n")
    assert '<div class="diagram__drawing" data-search-exclude>' in page
    assert "--wide" not in page and "tabindex" not in page
