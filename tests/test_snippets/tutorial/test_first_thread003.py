"""snippets/tutorial/first_thread003.py gets results back through futures."""

import runpy
from pathlib import Path

SNIPPET = Path(__file__).parents[3] / "snippets" / "tutorial" / "first_thread003.py"


def run_snippet(capsys) -> str:
    runpy.run_path(str(SNIPPET), run_name="__main__")
    return capsys.readouterr().out


def test_prints_what_the_page_shows(capsys):
    assert run_snippet(capsys) == SNIPPET.with_suffix(".out").read_text()
