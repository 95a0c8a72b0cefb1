"""snippets/tutorial/first_thread004.py: the daemon thread's work is lost at exit."""

import runpy
from pathlib import Path

SNIPPET = Path(__file__).parents[3] / "snippets" / "tutorial" / "first_thread004.py"


def run_snippet(capsys) -> str:
    runpy.run_path(str(SNIPPET), run_name="__main__")
    return capsys.readouterr().out


def test_prints_what_the_page_shows(capsys):
    assert run_snippet(capsys) == SNIPPET.with_suffix(".out").read_text()


def test_only_the_normal_thread_sends_the_email(capsys):
    normal, daemon = run_snippet(capsys).splitlines()
    assert "email sent" in normal
    assert "email sent" not in daemon
