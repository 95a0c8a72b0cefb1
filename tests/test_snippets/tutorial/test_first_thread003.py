"""snippets/tutorial/first_thread003.py gets results back through futures."""

from tests.helpers.snippets import expected_output, run_snippet

SNIPPET = "tutorial/first_thread003.py"


def test_prints_what_the_page_shows():
    assert run_snippet(SNIPPET) == expected_output(SNIPPET)
