"""MkDocs hook: the markup the theme and the plugins write, made valid HTML.

The Nu HTML checker (``vnu-jar``, run by ``tests/test_site/test_html_validity.py``) reports
these in the pages as Material, mkdocs-jupyter and Mermaid write them. Each fix below names the
checker's error it removes and changes nothing a reader sees. Markup that a template writes
is fixed in that template instead, where a single partial can be overridden
(``overrides/partials/nav-item.html``: ``tabindex=""``); what is left is fixed here, in the
written page, because it comes from ``base.html`` (not a partial), from a plugin's Python,
or from the diagrams drawn ahead of time by ``make diagrams``.
"""

import re

# base.html: <input type="checkbox" id="__drawer" autocomplete="off">, and the same for
# __search. "Attribute autocomplete is only allowed when the input type is ..." (not checkbox):
# on a checkbox it is no autocomplete hint at all. The attribute goes.
CHECKBOX_AUTOCOMPLETE = re.compile(
    r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"'
)

# Mermaid writes each label as <span class="nodeLabel"><p>text</p></span> inside a
# <foreignObject>: "Element p not allowed as child of element span". The <p> becomes a <span>;
# the drawing's own styles colour both alike (its "span" rule), and the label's background
# is on the outer span too (".edgeLabel").
FOREIGN_OBJECT = re.compile(r"<foreignObject\b.*?</foreignObject>", re.DOTALL)
PARAGRAPH_IN_LABEL = re.compile(
    r'(<span class="[^"]*Label[^"]*">)<p>(.*?)</p>(</span>)'
)

# mkdocs-jupyter (nbconvert2.py) appends <style>{resources["inlining"]["css"]}</style> to an
# .ipynb page, with a Python list where CSS should be: "['pre { line-height: ...}', ...]".
# Browsers drop it as one broken rule; the checker reports a CSS parse error and "A style
# element in body must be the first child of its parent". It goes.
LIST_AS_STYLE = re.compile(r"\s*<style>\s*\[(?:'|\").*?\]\s*</style>", re.DOTALL)


def valid(html: str) -> str:
    """The page with every fix applied."""
    html = CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    html = FOREIGN_OBJECT.sub(
        lambda drawing: PARAGRAPH_IN_LABEL.sub(r"\1<span>\2</span>\3", drawing[0]),
        html,
    )
    return LIST_AS_STYLE.sub("", html)


def on_post_page(output: str, page, config) -> str:
    return valid(output)


def on_post_template(output: str, template_name: str, config) -> str:
    """404.html and the other static templates are written without a page."""
    return valid(output) if template_name.endswith(".html") else output
