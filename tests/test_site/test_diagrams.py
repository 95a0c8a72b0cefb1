"""``make diagrams`` draws a Mermaid source in Chromium as a light and a dark SVG with its labels."""

import pytest

from tools import diagrams

pytestmark = pytest.mark.browser


def test_make_diagrams_draws_a_source_as_svg_with_its_labels_in_both_themes(browser):
    source = "flowchart LR\n    accTitle: Two steps\n    accDescr: Ask first, then act.\n    ask[Ask first] --> act[Then act]"
    digest = diagrams.diagram_hash(source)
    drawings = diagrams.render_in(browser, [source])[digest]
    for variant, svg in drawings.items():
        assert svg.startswith(f'<svg role="img" id="diagram-{digest}-{variant}"'), (
            variant
        )
        assert "Ask first" in svg and "Then act" in svg, variant
        assert (
            f'<title id="chart-title-diagram-{digest}-{variant}">Two steps</title>'
            in svg
        ), variant
    assert drawings["light"] != drawings["dark"]
