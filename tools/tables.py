"""Tables that read on a phone: each body cell carries its column's header as ``data-label``.

A MkDocs hook. On small screens the stylesheet (``docs/assets/stylesheets/extra.css``) stacks
a table's rows into blocks and shows each cell's label above its value, so no column is
squeezed narrower than a word. The labels are written into the page at build time, so the
page does not shift when it loads. Only simple tables are labelled: header cells in a
``<thead>``, no ``colspan``; a table the hook cannot label keeps its ordinary layout.
A path in a table's inline code may break after its slashes (``<wbr>``), so a long path
does not make its column wider than a phone.
"""

import html
import re

TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.DOTALL)
THEAD = re.compile(r"<thead\b[^>]*>(?P<body>.*?)</thead>", re.DOTALL)
TBODY = re.compile(r"(<tbody\b[^>]*>)(?P<body>.*?)(</tbody>)", re.DOTALL)
ROW = re.compile(r"(<tr\b[^>]*>)(?P<body>.*?)(</tr>)", re.DOTALL)
HEADER_CELL = re.compile(r"<th\b[^>]*>(?P<body>.*?)</th>", re.DOTALL)
CELL_OPENING = re.compile(r"<t[dh]\b(?P<attributes>[^>]*)>")
TAG = re.compile(r"<[^>]+>")
PLAIN_CODE = re.compile(r"(<code>)(?P<text>[^<]*)(</code>)")


def text_of(markup: str) -> str:
    return " ".join(html.unescape(TAG.sub("", markup)).split())


def labelled(table: str) -> str:
    """The table with ``data-label`` on every body cell, or as it was if it is not simple."""
    head = THEAD.search(table)
    if not head or "colspan" in table or "rowspan" in table or "data-label" in table:
        return table
    header_rows = ROW.findall(head["body"])
    if not header_rows:
        return table
    labels = [text_of(cell) for cell in HEADER_CELL.findall(header_rows[-1][1])]

    def label_row(row: re.Match) -> str:
        cells = iter(labels)

        def label_cell(cell: re.Match) -> str:
            label = next(cells, "")
            if not label:
                return cell[0]
            return cell[0][:-1] + f' data-label="{html.escape(label, quote=True)}">'

        return row[1] + CELL_OPENING.sub(label_cell, row["body"]) + row[3]

    def label_body(body: re.Match) -> str:
        return body[1] + ROW.sub(label_row, body["body"]) + body[3]

    return TBODY.sub(label_body, table)


def breakable_paths(table: str) -> str:
    """A line may break after each slash of a path in inline code, as it may in a URL.

    Test citations (``path::name``) are left as they are, for the hook that links them.
    """

    def breakable(code: re.Match) -> str:
        text = code["text"]
        if "::" in text or "/" not in text.strip("/"):
            return code[0]
        return code[1] + re.sub(r"/(?=.)", "/<wbr>", text) + code[3]

    return PLAIN_CODE.sub(breakable, table)


def label_tables(page_html: str) -> str:
    return TABLE.sub(lambda table: breakable_paths(labelled(table[0])), page_html)


def on_page_content(html_text, page, config, files):
    return label_tables(html_text)
