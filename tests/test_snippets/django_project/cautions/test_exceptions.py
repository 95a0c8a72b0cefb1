"""snippets/django_project/cautions/exceptions.py: a failing thread is silent unless you log.

The thread sends an email with the project's own SMTP mailer, pointed at a local port
where nothing listens: the mail server is down, so ``send_mail`` raises
``ConnectionRefusedError``. pytest replaces ``threading.excepthook`` with its own, so the
tests that show Python's default behaviour put the default hook back first.
"""

import logging
import os
import socket
import subprocess
import sys
import threading

import django
import pytest
from django.contrib.auth.models import User

from cautions import exceptions
from signup_project import settings as project_settings
from tests.helpers.snippets import SNIPPETS_DIR, expected_output

SNIPPET = "django_project/cautions/exceptions.py"


@pytest.fixture
def port_where_nothing_listens():
    """A local port that refuses connections: bound by this test, never listening."""
    with socket.socket() as reserved:
        reserved.bind(("127.0.0.1", 0))
        yield reserved.getsockname()[1]


@pytest.fixture
def mail_server_down(settings, port_where_nothing_listens):
    """The project's own SMTP mailer (the test runner swaps in an in-memory one), aimed at that port."""
    if django.VERSION < (6, 1):  # Django 5.2: no MAILERS, the EMAIL_* settings
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = (
            "127.0.0.1",
            port_where_nothing_listens,
        )
        return
    [(alias, mailer)] = project_settings.MAILERS.items()
    options = {
        **mailer["OPTIONS"],
        "host": "127.0.0.1",
        "port": port_where_nothing_listens,
    }
    settings.MAILERS = {alias: {**mailer, "OPTIONS": options}}


@pytest.fixture
def ada(client, db):
    client.force_login(User.objects.create_user("ada", "ada@example.com"))


@pytest.fixture
def default_excepthook(monkeypatch):
    """Python's own ``threading.excepthook``; the returned event is set once it has run."""
    hook_ran = threading.Event()

    def default_hook_then_tell(args):
        threading.__excepthook__(args)
        hook_ran.set()

    monkeypatch.setattr(threading, "excepthook", default_hook_then_tell)
    return hook_ran


@pytest.mark.shows("thread", "retries", outcome="not retried")
def test_failing_thread_leaves_the_response_ok_and_the_logs_empty(
    client, ada, mail_server_down, capsys, caplog, default_excepthook
):
    caplog.set_level(logging.DEBUG)
    response = client.post("/cautions/report-broken/")
    assert response.status_code == 202
    assert default_excepthook.wait(timeout=5)
    stderr = capsys.readouterr().err
    assert stderr.startswith(
        "Exception in thread send-report:\nTraceback (most recent call last):\n"
    )
    assert stderr.endswith("ConnectionRefusedError: [Errno 111] Connection refused\n")
    assert stderr.count("Traceback") == 1  # one failure, and nothing tried it again
    assert caplog.records == []


def test_logged_failure_reaches_logging_with_its_traceback(
    client, ada, mail_server_down, capsys, caplog, default_excepthook, monkeypatch
):
    work_finished = threading.Event()
    run_logged_for_real = exceptions.run_logged

    def run_logged_then_tell(work, *args):
        run_logged_for_real(work, *args)
        work_finished.set()

    monkeypatch.setattr(exceptions, "run_logged", run_logged_then_tell)
    response = client.post("/cautions/report/")
    assert response.status_code == 202
    assert work_finished.wait(timeout=5)
    [record] = caplog.records
    assert (record.name, record.levelname, record.getMessage()) == (
        "cautions.exceptions",
        "ERROR",
        "background task send_report failed",
    )
    assert record.exc_info[0] is ConnectionRefusedError
    assert "Traceback (most recent call last):" in caplog.text
    assert not default_excepthook.is_set()
    assert "Exception in thread" not in capsys.readouterr().err


# Django configures logging from settings.LOGGING in django.setup(), as in production.
UNDER_PROJECT_LOGGING = """
import threading
import django

django.setup()
from cautions.exceptions import run_logged, send_report

worker = threading.Thread(target=run_logged, args=(send_report, "ada@example.com"))
worker.start()
worker.join(timeout=5)
"""


def test_project_logging_prints_the_failure_with_its_traceback(
    port_where_nothing_listens,
):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "signup_project.settings",
        "PYTHONWARNINGS": "error",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port_where_nothing_listens),
    }
    finished = subprocess.run(
        [sys.executable, "-c", UNDER_PROJECT_LOGGING],
        cwd=SNIPPETS_DIR / "django_project",
        env=environment,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert finished.returncode == 0, finished.stderr
    lines = finished.stderr.splitlines()
    assert lines[:2] == [
        "background task send_report failed",
        "Traceback (most recent call last):",
    ]
    shown = "\n".join([*lines[:2], "  ...", lines[-1]]) + "\n"
    assert shown == expected_output(SNIPPET)


@pytest.mark.parametrize("path", ["/cautions/report-broken/", "/cautions/report/"])
def test_an_anonymous_request_for_a_report_is_a_clear_401(client, path):
    response = client.post(path)
    assert response.status_code == 401
    assert response.json() == {"error": "log in to ask for a report"}
