"""The example project's upload view: the row is created, post-processing runs after commit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Upload

PHOTO_BYTES = b"\xff\xd8 not really a jpeg"


def photo():
    return SimpleUploadedFile("photo.jpg", PHOTO_BYTES, content_type="image/jpeg")


@pytest.mark.django_db
def test_upload_in_inline_mode_is_processed_when_the_transaction_commits(
    client, settings, django_capture_on_commit_callbacks
):
    settings.BACKGROUND_INLINE = True
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/upload/", {"file": photo()})
    assert response.status_code == 202
    assert (
        response.json()["processed"] is False
    )  # the response did not wait for the work
    row = Upload.objects.get(pk=response.json()["id"])
    assert (row.name, row.size_bytes, row.processed) == (
        "photo.jpg",
        len(PHOTO_BYTES),
        True,
    )


@pytest.mark.django_db(transaction=True)
def test_upload_with_the_real_pool_is_processed_by_a_worker_thread(
    client, fresh_default_pool
):
    response = client.post("/upload/", {"file": photo()})
    assert response.status_code == 202
    assert fresh_default_pool.wait(timeout=5), (
        "the post-processing task did not finish in 5 s"
    )
    assert Upload.objects.get(pk=response.json()["id"]).processed is True


@pytest.mark.django_db
def test_upload_without_a_file_is_a_clear_400(client):
    response = client.post("/upload/", {})
    assert response.status_code == 400
    assert response.json() == {"error": "send the file in a form field named 'file'"}
    assert not Upload.objects.exists()
