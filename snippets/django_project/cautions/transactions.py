"""A thread started inside a transaction cannot see what that transaction wrote.

The thread has a database connection of its own, and another connection sees a
row only once it is committed. When a ``DATABASES`` entry sets
``"ATOMIC_REQUESTS": True``, every view body is inside ``atomic()``, so a thread it
starts can look before the commit.
"""

import logging
import threading

from django.db import connection, transaction

from accounts.models import Upload

logger = logging.getLogger(__name__)


# --8<-- [start:work]
def process_upload(upload_id):
    """The background work: find the upload and mark it processed."""
    upload = Upload.objects.filter(pk=upload_id).first()
    if upload is None:
        logger.warning("upload %s not found; nothing processed", upload_id)
        return
    upload.processed = True
    upload.save(update_fields=["processed"])
    logger.info("upload %s processed", upload_id)


def process_in_background(upload_id):
    """Run ``process_upload`` in a thread that closes its connection when done."""

    def run():
        try:
            process_upload(upload_id)
        finally:
            connection.close()

    worker = threading.Thread(target=run, name="process-upload")
    worker.start()
    return worker


# --8<-- [end:work]


# --8<-- [start:broken]
@transaction.atomic
def save_upload_broken(name, size_bytes):
    upload = Upload.objects.create(name=name, size_bytes=size_bytes)
    # The thread may query before this transaction commits: it finds no row.
    process_in_background(upload.pk)
    return upload


# --8<-- [end:broken]


# --8<-- [start:fixed]
@transaction.atomic
def save_upload(name, size_bytes):
    upload = Upload.objects.create(name=name, size_bytes=size_bytes)
    # Started only after a successful commit; never after a rollback.
    transaction.on_commit(lambda: process_in_background(upload.pk))
    return upload


# --8<-- [end:fixed]
