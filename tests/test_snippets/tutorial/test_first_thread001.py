"""snippets/tutorial/first_thread001.py prints the output the tutorial shows."""

import threading

from tests.helpers.snippets import expected_output, run_snippet

SNIPPET = "tutorial/first_thread001.py"


def test_prints_what_the_page_shows():
    assert run_snippet(SNIPPET) == expected_output(SNIPPET)


def test_leaves_no_thread_behind():
    before = threading.active_count()
    run_snippet(SNIPPET)
    assert threading.active_count() == before
