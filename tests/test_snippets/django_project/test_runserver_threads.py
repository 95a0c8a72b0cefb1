"""Under ``runserver``, a thread started in a view is a daemon thread: a reload or Ctrl-C cuts
off its work.

A new thread takes its daemon flag from the thread that creates it, unless it is given
``daemon=``. Django's development server serves each request in a daemon thread
(``ThreadedWSGIServer.daemon_threads = True`` in ``django/core/servers/basehttp.py``), so the
thread that the sign-up view of snippets/how_to/thread_signup/ starts with
``threading.Thread(target=...)`` is a daemon thread there. gunicorn serves a request in its
worker's main thread (sync worker) or in a ``ThreadPoolExecutor`` thread made by that main
thread (gthread worker): there the same thread is not a daemon thread.

The tests run ``python manage.py runserver`` on a free port in a copy of the project (a reload
test touches the copy's ``accounts/views.py``, as a reader saving an edit does), with the settings
overlay ``runserver_settings.py``: the test-only views and email backend of
``runserver_probe.py`` report the daemon flags, and a ``hold-`` address keeps the email in flight
until ``workers.release()`` (``tests/helpers/journal_email_backend.py``). Ctrl-C is a SIGINT to
runserver's process group, as a terminal sends it. runserver's outer process runs the server in
a child process, which watches the files and exits when one changes; the outer process then
starts a new child. On Ctrl-C the outer process gives its child a quarter of a second
(``subprocess.run``), then kills it.
"""

import contextlib
import http.client
import json
import os
import shutil
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.test_snippets.ladder import web_server, workers
from tools import free_port

PROJECT = "how_to/thread_signup"
SETTINGS = "tests.test_snippets.django_project.runserver_settings"
# What Django's autoreloader logs in the server process when a watched file changes.
RELOADING = "changed, reloading."
# How long a test watches a server process wait after RELOADING: ten times longer than
# one with only daemon threads took to exit in our runs (under 0.1 s).
WATCH_SECONDS = 1.0


@dataclass
class Served:
    project: workers.ExampleProject
    server: workers.Worker
    port: int
    views: Path  # the copy's accounts/views.py, which a reload test touches

    def sign_up(self, email: str) -> None:
        form = {"username": email.split("@")[0], "email": email}
        assert web_server.post_form(self.port, "/signup/", form) == 201

    def send_from_a_non_daemon_thread(self, email: str) -> None:
        form = {"email": email}
        assert web_server.post_form(self.port, "/probe/non-daemon-email/", form) == 202

    def wait_until_started(self, email: str) -> int:
        """Wait until the email is in flight; the pid of the process sending it."""
        workers.wait_until_started(self.project, email, self.server)
        return web_server.sender_pid(self.project.outbox, email)

    def sent(self, email: str) -> bool:
        return workers.sent(self.project.outbox, email)

    def reload_by_touching_the_views(self) -> None:
        """Touch views.py until the server process logs that it reloads.

        Touched again at each poll: the autoreloader compares each file's mtime with the one
        it saw a second before, and only once it has seen the file at all.
        """

        def touched_and_reloading() -> bool:
            os.utime(self.views)
            return RELOADING in self.server.log()

        workers.wait_until(touched_and_reloading, "the reload", self.server)


def sending_thread(outbox: Path, email: str) -> tuple[bool, int]:
    """The daemon flag and the process of the thread that sent ``email`` (``ThreadJournal``)."""
    prefix = f"thread of {email} daemon="
    line = next(
        line for line in workers.outbox_lines(outbox) if line.startswith(prefix)
    )
    flag, _in, _process, pid = line.removeprefix(prefix).split()
    return flag == "True", int(pid)


def get_json(port: int, path: str) -> dict:
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=workers.WAIT_SECONDS
    )
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        assert response.status == 200
        return json.loads(response.read())
    finally:
        connection.close()


def serving_again(served: Served, old_pid: int) -> int:
    """Sign up a later user once a new server process answers; the pid that sends its email."""
    later = workers.address("ada")

    def signed_up() -> bool:
        try:
            served.sign_up(later)
        except OSError:  # between two server processes, nothing listens
            return False
        return True

    workers.wait_until(signed_up, "a new server process to answer", served.server)
    workers.wait_until(lambda: served.sent(later), f"{later} to be sent", served.server)
    _, pid = sending_thread(served.project.outbox, later)
    assert pid != old_pid
    assert web_server.parent_pid(pid) == served.server.process.pid
    return pid


def stop_like_ctrl_c(served: Served) -> None:
    """SIGINT to runserver's process group, as a terminal's Ctrl-C; wait for it to exit."""
    os.killpg(served.server.process.pid, signal.SIGINT)
    assert served.server.wait_for_exit() == 0, served.server.log()


@pytest.fixture
def served(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shown = workers.ExampleProject(PROJECT, data, settings=SETTINGS)
    shown.migrate()
    copy = tmp_path / "project"
    shutil.copytree(  # links followed: on Django 5.2, the 5.2 files
        shown.directory,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "db.sqlite3"),
    )
    port = free_port()
    # An absolute path: ExampleProject runs it in place of a folder of snippets/.
    project = workers.ExampleProject(
        str(copy),
        data,
        settings=SETTINGS,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
    )
    command = f"python manage.py runserver 127.0.0.1:{port}"
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(project.start(command, log_name="server.log"))
        web_server.wait_until_listening(port, server)
        yield Served(project, server, port, copy / "accounts" / "views.py")
    workers.release(project.outbox)  # no email outlives its test waiting


def test_a_new_thread_takes_the_daemon_flag_of_the_thread_that_creates_it():
    def flags_of_new_threads():
        return {
            "default": threading.Thread(target=print).daemon,
            "daemon=False": threading.Thread(target=print, daemon=False).daemon,
            "daemon=True": threading.Thread(target=print, daemon=True).daemon,
        }

    # pytest runs the test in the main thread, which is not a daemon thread.
    assert flags_of_new_threads() == {
        "default": False,
        "daemon=False": False,
        "daemon=True": True,
    }
    seen = []
    creator = threading.Thread(
        target=lambda: seen.append(flags_of_new_threads()), daemon=True
    )
    creator.start()
    creator.join(timeout=workers.WAIT_SECONDS)
    assert seen == [{"default": True, "daemon=False": False, "daemon=True": True}]


def test_under_runserver_a_thread_started_in_a_view_is_a_daemon_thread(served):
    flags = get_json(served.port, "/probe/threads/")
    # socketserver.ThreadingMixIn starts one thread per request.
    assert flags.pop("request_thread_name").endswith("(process_request_thread)")
    assert flags == {
        "request_thread": True,
        "thread_it_starts": True,
        "thread_with_daemon_false": False,
    }
    # The sign-up view as shown: its email goes out from a daemon thread.
    email = workers.address("ada")
    served.sign_up(email)
    workers.wait_until(lambda: served.sent(email), f"{email} to be sent", served.server)
    daemon, pid = sending_thread(served.project.outbox, email)
    assert daemon
    assert web_server.parent_pid(pid) == served.server.process.pid


def test_a_reload_cuts_off_the_email_of_the_views_thread(served):
    email = workers.address("hold")
    served.sign_up(email)
    old_pid = served.wait_until_started(email)
    assert sending_thread(served.project.outbox, email)[0] is True
    served.reload_by_touching_the_views()
    workers.wait_until(
        lambda: web_server.is_gone(old_pid), "the old server process to exit"
    )
    assert not served.sent(email)
    serving_again(served, old_pid)
    workers.release(served.project.outbox)
    # Nothing remembers the cut-off email: the new process never sends it.
    assert workers.started_count(served.project.outbox, email) == 1
    assert not served.sent(email)


def test_ctrl_c_cuts_off_the_email_of_the_views_thread(served):
    email = workers.address("hold")
    served.sign_up(email)
    served.wait_until_started(email)
    stop_like_ctrl_c(served)
    workers.release(served.project.outbox)
    assert workers.started_count(served.project.outbox, email) == 1
    assert not served.sent(email)


def test_with_daemon_false_a_reload_waits_for_the_thread(served):
    email = workers.address("hold")
    served.send_from_a_non_daemon_thread(email)
    old_pid = served.wait_until_started(email)
    assert sending_thread(served.project.outbox, email)[0] is False
    served.reload_by_touching_the_views()
    deadline = time.monotonic() + WATCH_SECONDS
    while time.monotonic() < deadline:
        assert not web_server.is_gone(old_pid), "the reload did not wait"
        time.sleep(0.05)
    assert not served.sent(email)
    workers.release(served.project.outbox)
    workers.wait_until(lambda: served.sent(email), "the email to go out", served.server)
    workers.wait_until(
        lambda: web_server.is_gone(old_pid), "the old server process to exit"
    )
    serving_again(served, old_pid)


def test_with_daemon_false_ctrl_c_still_cuts_off_the_email(served):
    email = workers.address("hold")
    served.send_from_a_non_daemon_thread(email)
    old_pid = served.wait_until_started(email)
    stop_like_ctrl_c(served)
    # Gone with its non-daemon thread unfinished: a process exiting on its own waits for
    # such a thread (the reload test above); runserver's outer process killed it.
    assert web_server.is_gone(old_pid)
    workers.release(served.project.outbox)
    assert not served.sent(email)


@pytest.mark.parametrize(
    ("worker_options", "request_thread_name"),
    [("", "MainThread"), ("--worker-class gthread --threads 2", "ThreadPoolExecutor-")],
    ids=["sync", "gthread"],
)
def test_under_gunicorn_a_thread_started_in_a_view_is_not_a_daemon_thread(
    worker_options, request_thread_name, tmp_path
):
    port = free_port()
    options = web_server.gunicorn_options(port)
    options["GUNICORN_CMD_ARGS"] += f" {worker_options}"
    project = workers.ExampleProject(
        PROJECT,
        tmp_path,
        settings=SETTINGS,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        **options,
    )
    # The project has no wsgi.py of its own: Django's application, built by gunicorn.
    command = "gunicorn 'django.core.wsgi:get_wsgi_application()'"
    with project.start(command, log_name="server.log") as server:
        web_server.wait_until_listening(port, server)
        flags = get_json(port, "/probe/threads/")
        assert flags.pop("request_thread_name").startswith(request_thread_name)
        assert flags == {
            "request_thread": False,
            "thread_it_starts": False,
            "thread_with_daemon_false": False,
        }
