"""Tests for code that starts threads: which database fixtures let the thread see the data.

pytest-django's ``db`` fixture (like Django's ``TestCase``) runs each test inside
a transaction that is rolled back at the end, never committed. A thread has its
own connection, so it cannot see what the test wrote, and ``on_commit``
callbacks never fire on their own.
"""

from unittest import mock

import pytest
from django.test import TestCase

from accounts.models import Upload
from cautions import transactions
from cautions.transactions import process_in_background, save_upload


# --8<-- [start:broken]
@pytest.mark.django_db
def test_thread_processes_the_upload():
    upload = Upload.objects.create(name="cat.png", size_bytes=3)
    process_in_background(upload.pk).join(timeout=5)
    upload.refresh_from_db()
    assert upload.processed  # fails: the thread's connection never saw the row
# --8<-- [end:broken]


# --8<-- [start:transactional]
@pytest.mark.django_db(transaction=True)  # real commits, like TransactionTestCase
def test_thread_processes_the_committed_upload():
    upload = Upload.objects.create(name="cat.png", size_bytes=3)
    process_in_background(upload.pk).join(timeout=5)
    upload.refresh_from_db()
    assert upload.processed
# --8<-- [end:transactional]


# --8<-- [start:inline]
@pytest.mark.django_db
def test_save_upload_processes_it_after_commit(django_capture_on_commit_callbacks, monkeypatch):
    # Run the thread's work in the test's own thread, on the test's own connection.
    monkeypatch.setattr(transactions, "process_in_background", transactions.process_upload)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        upload = save_upload("cat.png", 3)
    assert len(callbacks) == 1
    upload.refresh_from_db()
    assert upload.processed
# --8<-- [end:inline]


# --8<-- [start:testcase]
class SaveUploadTests(TestCase):
    def test_processes_the_upload_after_commit(self):
        run_inline = mock.patch.object(transactions, "process_in_background", transactions.process_upload)
        with run_inline, self.captureOnCommitCallbacks(execute=True) as callbacks:
            upload = save_upload("cat.png", 3)
        self.assertEqual(len(callbacks), 1)
        upload.refresh_from_db()
        self.assertTrue(upload.processed)
# --8<-- [end:testcase]
