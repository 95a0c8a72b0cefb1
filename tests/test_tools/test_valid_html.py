"""The tools/valid_html.py hook fixes the markup it names, and leaves the rest as it was."""

from tools.valid_html import on_post_template, valid

# As Material's base.html writes them, beside a text input whose autocomplete is valid.
TOGGLES = (
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"'
    ' autocomplete="off">\n'
    '<input type="text" class="md-search__input" name="query" autocomplete="off">'
)
# A Mermaid label as `make diagrams` draws it, inside its foreignObject.
LABEL = (
    '<foreignObject width="24" height="24"><div xmlns="http://www.w3.org/1999/xhtml"'
    ' class="labelBkg"><span class="edgeLabel"><p>yes</p></span></div></foreignObject>'
)
# mkdocs-jupyter's stray style element, after the notebook.
LIST_STYLE = (
    "</div> <!-- jupyter-wrapper -->\n\n        <style>\n"
    "        ['pre { line-height: 125%; }\\ntd.linenos .normal { color: inherit; }']\n"
    "        </style>\n        \n<p>after</p>"
)


def test_a_checkbox_loses_autocomplete_and_a_text_input_keeps_it():
    fixed = valid(TOGGLES)
    assert 'id="__drawer">' in fixed
    assert 'name="query" autocomplete="off">' in fixed


def test_a_diagram_label_holds_a_span_not_a_paragraph():
    assert valid(LABEL) == LABEL.replace("<p>yes</p>", "<span>yes</span>")
    # Outside a drawing, a paragraph stays.
    assert valid('<span class="edgeLabel"><p>yes</p></span>').count("<p>") == 1


def test_the_python_list_written_as_a_style_goes():
    fixed = valid(LIST_STYLE)
    assert "<style>" not in fixed and "linenos" not in fixed
    assert fixed.startswith("</div> <!-- jupyter-wrapper -->")
    assert fixed.endswith("<p>after</p>")
    # A real stylesheet stays.
    assert valid("<style>p { margin: 0 }</style>") == "<style>p { margin: 0 }</style>"


def test_the_404_page_is_fixed_too_and_other_templates_are_left_alone():
    assert on_post_template(TOGGLES, "404.html", None) == valid(TOGGLES) != TOGGLES
    assert on_post_template(TOGGLES, "sitemap.xml", None) == TOGGLES
