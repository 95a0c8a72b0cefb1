"""Run ``snippets/deploy/uwsgi.ini`` under the real uWSGI (the ``pyuwsgi`` wheel in the venv).

``UwsgiServer`` copies the shown file into the test's folder, changes only what the page
tells the reader to change (``chdir``, the project's folder, becomes the example project of
``snippets/django_project`` or another under ``snippets/``; ``http-socket`` a free port) plus
the options a test names, and starts ``uwsgi --ini <copy>`` in the project's folder, with the
example projects' settings overlay and email journal (``workers.ExampleProject``). uWSGI's log
and the project's (the helper's drain report) go to ``server.log`` in the test's folder.

Sign-ups are POSTed over HTTP as the HTTPS proxy in front passes them on (the project
redirects plain HTTP otherwise). A ``hold-`` address keeps its email task running until
``workers.release()`` (``tests/helpers/journal_email_backend.py``); the journal names the
process that sent it.
"""

import contextlib
import re
import sys
from pathlib import Path

from tests.helpers.snippets import SNIPPETS_DIR
from tests.helpers.systemd_units import SHOWN_PROJECT, SHOWN_VENV
from tests.test_snippets.ladder import web_server, workers
from tools import free_port

INI = SNIPPETS_DIR / "deploy" / "uwsgi.ini"
PAGE = "how-to/run-under-uwsgi.md"
# The values the page tells the reader to replace with their own.
SHOWN_FOLDER = SHOWN_PROJECT
SHOWN_ADDRESS = "127.0.0.1:8000"
SHOWN_PYTHON = f"{SHOWN_VENV}/bin/python"
HELPER_PROJECT = "django_project"
UWSGI = str(workers.BIN / "uwsgi")

# What uWSGI's master logs, in its own words (core/uwsgi.c, core/master.c of 2.0.30).
WORKER_SPAWNED = re.compile(r"spawned uWSGI worker \d+ \(pid: (\d+),")
THREADS_ENABLED = "python threads support enabled"
GRACEFUL_RELOAD = "...gracefully killing workers..."
KILLING_WORKERS = "SIGINT/SIGTERM received...killing workers..."
NO_MERCY = "is taking too much time to die...NO MERCY !!!"
GOODBYE = "goodbye to uWSGI."


def shown_options() -> dict[str, str]:
    """Each ``key = value`` line of the shown file's ``[uwsgi]`` section, in order."""
    options = {}
    for line in INI.read_text().splitlines():
        if line.strip() and not line.startswith((";", "#", "[")):
            key, _, value = line.partition("=")
            assert key.strip() not in options, f"{key.strip()} set twice in {INI.name}"
            options[key.strip()] = value.strip()
    return options


def ini_for_test(folder: Path, project_dir: Path, port: int, **changes: str) -> Path:
    """A copy of the shown file with the reader's own values, and ``changes`` (option names
    with ``_`` for ``-``; ``None`` drops the line) for what one test varies."""
    wanted = {
        "chdir": str(project_dir),
        "http-socket": f"127.0.0.1:{port}",
        "binary-path": sys.executable,
        **{name.replace("_", "-"): value for name, value in changes.items()},
    }
    shown = shown_options()
    assert (shown["chdir"], shown["http-socket"], shown["binary-path"]) == (
        SHOWN_FOLDER,
        SHOWN_ADDRESS,
        SHOWN_PYTHON,
    )
    unknown = set(wanted) - set(shown)
    assert not unknown, f"{INI.name} sets no {sorted(unknown)}"
    lines = []
    for line in INI.read_text().splitlines():
        key = line.partition("=")[0].strip()
        if line.startswith((";", "#", "[")) or key not in wanted:
            lines.append(line)
        elif wanted[key] is not None:
            lines.append(f"{key} = {wanted[key]}")
    copy = folder / "uwsgi.ini"
    copy.write_text("\n".join(lines) + "\n")
    return copy


class UwsgiServer:
    """``uwsgi --ini`` on an example project; ``process`` is uWSGI's master."""

    def __init__(self, project: workers.ExampleProject, worker: workers.Worker, port):
        self.project = project
        self.worker = worker
        self.port = port

    @property
    def master_pid(self) -> int:
        return self.worker.process.pid

    def log(self) -> str:
        return self.worker.log()

    def worker_pids(self) -> list[int]:
        """The pid of every worker the master has spawned so far, in order."""
        return [int(pid) for pid in WORKER_SPAWNED.findall(self.log())]

    def wait_for_log(self, text: str, occurrences: int = 1) -> None:
        workers.wait_until(
            lambda: self.log().count(text) >= occurrences,
            f"uWSGI to log {text!r} {occurrences} time(s)",
            self.worker,
        )

    def sign_up(self, email: str) -> None:
        """POST the sign-up form as the HTTPS proxy in front passes it on; it must answer 201."""
        form = {"username": email.split("@")[0], "email": email}
        status = web_server.post_form(
            self.port, "/signup/", form, behind_https_proxy=True
        )
        assert status == 201, (status, self.log())

    def start_holding(self, email: str) -> int:
        """Sign up ``email`` (a ``hold-`` address); once its email started, the sender's pid."""
        self.sign_up(email)
        workers.wait_until_started(self.project, email, self.worker)
        return web_server.sender_pid(self.project.outbox, email)

    def sent(self, email: str) -> bool:
        return workers.sent(self.project.outbox, email)

    def wait_until_sent(self, email: str) -> None:
        workers.wait_until(lambda: self.sent(email), f"{email} to be sent", self.worker)

    def wait_for_exit(self) -> int:
        return self.worker.wait_for_exit()


def waits_on_a_lock(pid: int) -> bool:
    """True while the main thread of ``pid`` sleeps in a futex (a lock, a thread's join),
    not in the poll for requests where an idle worker sleeps (Linux ``/proc``)."""
    try:
        return "futex" in Path(f"/proc/{pid}/wchan").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False


def helper_project(folder: Path) -> workers.ExampleProject:
    """The sign-up project whose view hands the email to the background helper."""
    project = workers.ExampleProject(
        HELPER_PROJECT, folder, DJANGO_ALLOWED_HOSTS="127.0.0.1"
    )
    project.migrate()
    return project


APP_READY = "WSGI app 0 (mountpoint='') ready"


@contextlib.contextmanager
def running_uwsgi(project: workers.ExampleProject, options: list[str], port: int):
    """``uwsgi <options>`` in the project's folder, listening on ``port``; every process
    it started is killed when the block ends, and every held email released."""
    try:
        with workers.running(
            [UWSGI, *options],
            project.env,
            project.data_dir / "server.log",
            cwd=project.directory,
        ) as worker:
            server = UwsgiServer(project, worker, port)
            web_server.wait_until_listening(port, worker)
            yield server
    finally:
        workers.release(project.outbox)


@contextlib.contextmanager
def serving(project: workers.ExampleProject, *extra: str, **changes):
    """uWSGI serving ``project`` with the shown file (``changes`` as ``ini_for_test``;
    ``extra``, options the file does not set, on the command line after it),
    once every worker has loaded the application: a signal that comes while a worker
    still imports Django interrupts the import (Python's own SIGINT handler is in place
    until uWSGI's), which no test here is about."""
    port = free_port()
    ini = ini_for_test(project.data_dir, project.directory, port, **changes)
    options = {
        **shown_options(),
        **{k.replace("_", "-"): v for k, v in changes.items()},
    }
    processes = int(options["processes"])
    lazy = options.get("lazy-apps") == "true"
    with running_uwsgi(project, ["--ini", str(ini), *extra], port) as server:
        server.wait_for_log(APP_READY, processes if lazy else 1)
        workers.wait_until(
            lambda: len(server.worker_pids()) >= processes,
            f"uWSGI to spawn {processes} workers",
            server.worker,
        )
        yield server
