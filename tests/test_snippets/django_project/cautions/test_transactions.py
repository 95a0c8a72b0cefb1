"""snippets/django_project/cautions/transactions.py: start threads from ``on_commit``.

The tests commit for real (``transaction=True``): on a transaction that never
commits, ``on_commit`` would never fire.
"""

import logging
import threading

import pytest
from django.core.handlers.base import BaseHandler
from django.db import connection, transaction

from accounts.models import Upload
from cautions import transactions
from cautions.transactions import save_upload, save_upload_broken


@pytest.fixture
def join_processing_threads(monkeypatch):
    """Keep hold of each thread the snippet starts; the returned function joins them and counts."""
    started: list[threading.Thread] = []
    start_for_real = transactions.process_in_background

    def start_and_remember(upload_id):
        started.append(start_for_real(upload_id))
        return started[-1]

    monkeypatch.setattr(transactions, "process_in_background", start_and_remember)

    def join_all():
        for thread in started:
            thread.join(timeout=5)
            assert not thread.is_alive()
        return len(started)

    return join_all


def messages(caplog):
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "cautions.transactions"
    ]


class RequestFailed(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_thread_started_inside_the_transaction_finds_no_row(
    caplog, join_processing_threads
):
    caplog.set_level(logging.INFO)
    # The view's transaction, as ATOMIC_REQUESTS opens it, is still open while the thread reads.
    with transaction.atomic():
        upload = save_upload_broken("cat.png", 3)
        assert join_processing_threads() == 1
    upload.refresh_from_db()
    assert upload.processed is False
    assert messages(caplog) == [f"upload {upload.pk} not found; nothing processed"]


@pytest.mark.django_db(transaction=True)
def test_thread_started_on_commit_finds_the_row(caplog, join_processing_threads):
    caplog.set_level(logging.INFO)
    with transaction.atomic():
        upload = save_upload("cat.png", 3)
        # Nothing has started yet: the callback waits for the outermost commit.
        assert join_processing_threads() == 0
    assert join_processing_threads() == 1
    upload.refresh_from_db()
    assert upload.processed is True
    assert messages(caplog) == [f"upload {upload.pk} processed"]


@pytest.mark.django_db(transaction=True)
def test_rolled_back_request_starts_no_thread(caplog, join_processing_threads):
    caplog.set_level(logging.INFO)
    with pytest.raises(RequestFailed), transaction.atomic():
        save_upload("cat.png", 3)
        raise RequestFailed("the rest of the view failed")
    assert join_processing_threads() == 0
    assert not Upload.objects.exists()
    assert messages(caplog) == []


def in_atomic_block_during_a_view() -> bool:
    """Run a view the way Django's request handler wraps it; did it run inside ``atomic()``?"""
    seen = []

    def view(request):
        seen.append(connection.in_atomic_block)

    BaseHandler().make_view_atomic(view)(None)
    return seen[0]


@pytest.mark.django_db(transaction=True)
def test_atomic_requests_is_a_key_of_a_databases_entry(monkeypatch):
    assert in_atomic_block_during_a_view() is False
    monkeypatch.setitem(connection.settings_dict, "ATOMIC_REQUESTS", True)
    assert in_atomic_block_during_a_view() is True


@pytest.mark.django_db(transaction=True)
def test_a_top_level_atomic_requests_setting_is_ignored_silently(settings, recwarn):
    settings.ATOMIC_REQUESTS = True
    assert in_atomic_block_during_a_view() is False
    assert not recwarn.list
