"""snippets/tutorial/first_thread002.py: the caller answers before the work ends."""

import runpy
from pathlib import Path

SNIPPET = Path(__file__).parents[3] / "snippets" / "tutorial" / "first_thread002.py"


def run_snippet(capsys) -> str:
    runpy.run_path(str(SNIPPET), run_name="__main__")
    return capsys.readouterr().out


def test_prints_what_the_page_shows(capsys):
    assert run_snippet(capsys) == SNIPPET.with_suffix(".out").read_text()


def test_the_response_comes_before_the_work_ends(capsys):
    output = run_snippet(capsys)
    assert output.index("response sent") < output.index("thumbnail of cat.png ready")
