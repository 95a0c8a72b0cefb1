"""snippets/django_project/cautions/tests/: the snippet's own tests, run here.

The snippets are test modules a reader copies; importing their test functions makes
pytest collect them. The broken one must fail, and fail for the reason the page gives.
"""

import logging

import pytest
from django.db import connection

from accounts.models import Upload
from cautions import transactions
from cautions.tests import (
    test_inline_work,
    test_with_db,
    test_with_testcase,
    test_with_transactional_db,
)
from cautions.transactions import save_upload

test_thread_processes_the_committed_upload = (
    test_with_transactional_db.test_thread_processes_the_committed_upload
)
test_save_upload_processes_it_after_commit = (
    test_inline_work.test_save_upload_processes_it_after_commit
)
# Marked so that the PostgreSQL pass (-m django_db) runs it too.
SaveUploadTests = pytest.mark.django_db(test_with_testcase.SaveUploadTests)


@pytest.mark.django_db
def test_thread_cannot_see_what_a_db_test_wrote(caplog):
    caplog.set_level(logging.INFO)
    with pytest.raises(AssertionError):
        test_with_db.test_thread_processes_the_upload()
    [upload] = Upload.objects.all()
    assert [record.getMessage() for record in caplog.records] == [
        f"upload {upload.pk} not found; nothing processed"
    ]


@pytest.mark.django_db
def test_on_commit_never_fires_in_a_db_test(monkeypatch):
    started = []
    monkeypatch.setattr(transactions, "process_in_background", started.append)
    upload = save_upload("cat.png", 3)
    # Still waiting for a commit that never comes: the test's transaction is rolled back.
    assert len(connection.run_on_commit) == 1
    assert started == []
    upload.refresh_from_db()
    assert upload.processed is False


@pytest.mark.django_db
def test_executed_callbacks_still_start_a_thread_that_sees_nothing(
    django_capture_on_commit_callbacks, monkeypatch, caplog
):
    caplog.set_level(logging.INFO)
    started = []
    start_for_real = transactions.process_in_background
    monkeypatch.setattr(
        transactions,
        "process_in_background",
        lambda pk: started.append(start_for_real(pk)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        upload = save_upload("cat.png", 3)
    [thread] = started
    thread.join(timeout=5)
    upload.refresh_from_db()
    assert upload.processed is False
    assert [record.getMessage() for record in caplog.records] == [
        f"upload {upload.pk} not found; nothing processed"
    ]
