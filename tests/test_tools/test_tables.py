"""tools/tables.py: every body cell of a simple table carries its column's header."""

from tools import tables

MARKDOWN_TABLE = """<table>
<thead>
<tr>
<th>Option</th>
<th style="text-align: left;">Task that <code>raises</code></th>
</tr>
</thead>
<tbody>
<tr>
<td>Huey</td>
<td style="text-align: left;">retried</td>
</tr>
</tbody>
</table>"""


def test_each_body_cell_is_labelled_with_its_column_header():
    labelled = tables.label_tables("<p>before</p>" + MARKDOWN_TABLE)
    assert '<td data-label="Option">Huey</td>' in labelled
    assert (
        '<td style="text-align: left;" data-label="Task that raises">retried</td>'
        in labelled
    )
    assert labelled.startswith("<p>before</p><table>")
    assert "<th>Option</th>" in labelled


def test_a_header_is_escaped_for_the_attribute():
    table = MARKDOWN_TABLE.replace("<th>Option</th>", '<th>"A" &amp; B</th>')
    assert 'data-label="&quot;A&quot; &amp; B"' in tables.label_tables(table)


def test_a_table_with_spanning_cells_or_no_header_is_left_alone():
    spanning = MARKDOWN_TABLE.replace("<td>Huey</td>", '<td colspan="2">Huey</td>')
    headless = "<table><tbody><tr><td>a</td></tr></tbody></table>"
    assert tables.label_tables(spanning) == spanning
    assert tables.label_tables(headless) == headless


def test_a_row_header_in_the_body_is_labelled_too():
    table = MARKDOWN_TABLE.replace("<td>Huey</td>", "<th>Huey</th>")
    assert '<th data-label="Option">Huey</th>' in tables.label_tables(table)


def test_a_path_in_a_table_may_break_after_its_slashes_but_a_citation_is_kept_whole():
    table = MARKDOWN_TABLE.replace(
        "<td>Huey</td>", "<td><code>tests/test_snippets/test_x.py</code></td>"
    ).replace("retried", "<code>tests/test_x.py::test_y</code> and <code>/</code>")
    labelled = tables.label_tables(table)
    assert "<code>tests/<wbr>test_snippets/<wbr>test_x.py</code>" in labelled
    assert "<code>tests/test_x.py::test_y</code>" in labelled
    assert "<code>/</code>" in labelled
