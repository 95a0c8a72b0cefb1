from unittest import mock

from django.test import TestCase

from cautions import transactions
from cautions.transactions import save_upload


class SaveUploadTests(TestCase):
    def test_processes_the_upload_after_commit(self):
        # Run the thread's work in the test's own thread, on the test's own connection.
        run_inline = mock.patch.object(
            transactions, "process_in_background", transactions.process_upload
        )
        with run_inline, self.captureOnCommitCallbacks(execute=True) as callbacks:
            upload = save_upload("cat.png", 3)
        self.assertEqual(len(callbacks), 1)
        upload.refresh_from_db()
        self.assertTrue(upload.processed)
