"""snippets/tutorial/first_thread001.py prints the output the tutorial shows."""

import runpy
import threading
from pathlib import Path

SNIPPET = Path(__file__).parents[3] / "snippets" / "tutorial" / "first_thread001.py"


def run_snippet(capsys) -> str:
    runpy.run_path(str(SNIPPET), run_name="__main__")
    return capsys.readouterr().out


def test_prints_what_the_page_shows(capsys):
    assert run_snippet(capsys) == SNIPPET.with_suffix(".out").read_text()


def test_leaves_no_thread_behind(capsys):
    before = threading.active_count()
    run_snippet(capsys)
    assert threading.active_count() == before
