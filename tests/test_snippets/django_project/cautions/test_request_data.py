"""snippets/django_project/cautions/request_data.py: hand threads plain values, not the request's objects.

The thread's work is held back until the test client has finished the response,
as happens whenever a thread gets to run a little later than the view.
"""

import os
import threading

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Upload
from cautions import request_data


class AfterTheResponse:
    """Stands in for a snippet's thread function: runs it once released, and records what happened."""

    def __init__(self, work):
        self.work = work
        self.response_finished = threading.Event()
        self.done = threading.Event()
        self.arguments = ()
        self.error = None
        self.tables_queried = []
        self.left_connection_open = None

    def __call__(self, *arguments):
        self.arguments = arguments
        self.response_finished.wait(timeout=5)
        try:
            with CaptureQueriesContext(connection) as queries:
                self.work(*arguments)
        except Exception as error:
            self.error = error
        finally:
            self.tables_queried = sorted(
                {
                    table
                    for query in queries.captured_queries
                    for table in TABLES
                    if table in query["sql"]
                }
            )
            self.left_connection_open = connection.connection is not None
            connection.close()  # what the broken version leaves open, closed before the thread ends
            self.done.set()

    def release(self):
        self.response_finished.set()
        assert self.done.wait(timeout=5)


TABLES = ["django_session", "auth_user", "accounts_upload"]


@pytest.fixture
def ada(client):
    user = User.objects.create_user("ada", "ada@example.com")
    client.force_login(user)
    return user


def delay(monkeypatch, name):
    later = AfterTheResponse(getattr(request_data, name))
    monkeypatch.setattr(request_data, name, later)
    return later


def post_file(client, url, content=b"GIF89a"):
    return client.post(
        url, {"file": SimpleUploadedFile("cat.gif", content, content_type="image/gif")}
    )


@pytest.mark.django_db(transaction=True)
def test_uploaded_file_is_closed_when_the_thread_reads_it(client, ada, monkeypatch):
    later = delay(monkeypatch, "receive_upload_broken")
    assert post_file(client, "/cautions/upload-broken/").status_code == 202
    later.release()
    assert isinstance(later.error, ValueError)
    assert str(later.error) == "I/O operation on closed file."
    assert not Upload.objects.exists()
    # request.user was first used in the thread: its session and user queries ran there.
    assert later.tables_queried == ["auth_user", "django_session"]
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]


@pytest.mark.django_db
def test_the_broken_function_works_when_called_before_the_response_ends(ada):
    # What breaks is the thread, not the function: run while the request still holds its
    # file, it stores the upload.
    uploaded = SimpleUploadedFile("cat.gif", b"GIF89a", content_type="image/gif")
    request_data.receive_upload_broken(uploaded, ada)
    assert list(Upload.objects.values_list("name", "size_bytes")) == [("cat.gif", 6)]


@pytest.mark.django_db(transaction=True)
def test_large_upload_temporary_file_is_gone_when_the_thread_reads_it(
    client, ada, monkeypatch, settings
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = (
        10  # bytes: anything larger is spooled to a temporary file
    )
    later = delay(monkeypatch, "receive_upload_broken")
    assert (
        post_file(client, "/cautions/upload-broken/", content=b"x" * 100).status_code
        == 202
    )
    later.release()
    uploaded, _user = later.arguments
    assert isinstance(uploaded, TemporaryUploadedFile)
    assert not os.path.exists(uploaded.file.name)
    assert isinstance(later.error, ValueError)
    assert not Upload.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_lazy_user_read_in_the_thread_follows_the_session_not_the_request(
    client, ada, monkeypatch
):
    later = delay(monkeypatch, "receive_upload_broken")
    assert post_file(client, "/cautions/upload-broken/").status_code == 202
    client.logout()  # the user logs out before the thread gets to run
    later.release()
    assert isinstance(later.error, AttributeError)
    assert str(later.error) == "'AnonymousUser' object has no attribute 'email'"
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_plain_values_survive_the_response_and_the_logout(client, ada, monkeypatch):
    later = delay(monkeypatch, "receive_upload")
    assert post_file(client, "/cautions/upload/").status_code == 202
    client.logout()
    later.release()
    # Plain values only: nothing in them belongs to the finished request.
    assert later.arguments == ("cat.gif", b"GIF89a", "ada@example.com")
    assert later.error is None
    assert list(Upload.objects.values_list("name", "size_bytes", "processed")) == [
        ("cat.gif", 6, True)
    ]
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]
    # No session or user lookups in the thread, and its connection is closed.
    assert later.tables_queried == ["accounts_upload"]
    assert later.left_connection_open is False


@pytest.mark.django_db(transaction=True)
def test_fixed_upload_view_refuses_anonymous_users(client):
    assert post_file(client, "/cautions/upload/").status_code == 401


@pytest.mark.django_db
def test_fixed_upload_view_without_a_file_is_a_clear_400(client, ada):
    response = client.post("/cautions/upload/", {})
    assert response.status_code == 400
    assert response.json() == {"error": "send the file in a form field named 'file'"}
    assert not Upload.objects.exists()
