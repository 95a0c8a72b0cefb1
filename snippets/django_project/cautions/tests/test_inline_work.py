import pytest

from cautions import transactions
from cautions.transactions import save_upload


@pytest.mark.django_db
def test_save_upload_processes_it_after_commit(
    django_capture_on_commit_callbacks, monkeypatch
):
    # Run the thread's work in the test's own thread, on the test's own connection.
    monkeypatch.setattr(
        transactions, "process_in_background", transactions.process_upload
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        upload = save_upload("cat.png", 3)
    assert len(callbacks) == 1
    upload.refresh_from_db()
    assert upload.processed
