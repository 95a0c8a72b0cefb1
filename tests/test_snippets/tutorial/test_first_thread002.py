"""snippets/tutorial/first_thread002.py: the caller answers before the work ends."""

from tests.helpers.snippets import expected_output, run_snippet

SNIPPET = "tutorial/first_thread002.py"


def test_prints_what_the_page_shows():
    output = run_snippet(SNIPPET)
    assert output == expected_output(SNIPPET)
    # The page's point: the "response" line comes before the work's line.
    assert output.index("response sent") < output.index("thumbnail of cat.png ready")
