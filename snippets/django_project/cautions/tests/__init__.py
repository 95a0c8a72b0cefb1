"""Tests for code that starts threads: which fixtures let the thread see the data.

pytest-django's ``db`` fixture (like Django's ``TestCase``) runs each test inside a
transaction that is rolled back at the end, never committed. A thread has its own
connection, so it cannot see what the test wrote, and ``on_commit`` callbacks never
fire on their own. ``test_with_db.py`` shows the failure; the other modules, three ways
that work.
"""
