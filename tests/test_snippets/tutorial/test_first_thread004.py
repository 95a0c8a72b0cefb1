"""snippets/tutorial/first_thread004.py: the daemon thread's work is lost at exit."""

from tests.helpers.snippets import expected_output, run_snippet

SNIPPET = "tutorial/first_thread004.py"


def test_prints_what_the_page_shows():
    assert run_snippet(SNIPPET) == expected_output(SNIPPET)


def test_only_the_normal_thread_sends_the_email():
    normal, daemon = run_snippet(SNIPPET).splitlines()
    assert "email sent" in normal
    assert "email sent" not in daemon
