import pytest

from accounts.models import Upload
from cautions.transactions import process_in_background


@pytest.mark.django_db(transaction=True)  # real commits, like TransactionTestCase
def test_thread_processes_the_committed_upload():
    upload = Upload.objects.create(name="cat.png", size_bytes=3)
    process_in_background(upload.pk).join(timeout=5)
    upload.refresh_from_db()
    assert upload.processed
