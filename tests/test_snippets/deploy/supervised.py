"""Run ``snippets/deploy/signup.conf`` under a real supervisord, as the page installs it.

The page has the reader drop the file into ``/etc/supervisor/conf.d/``, which the main
``supervisord.conf`` of Debian's package includes. ``Supervisor`` writes a main file of the
same shape into a folder of the test's own (socket, pid file, log and the ``AUTO`` program
logs there), includes the shown file, and runs ``supervisord -n`` with the example project's
environment (``workers.ExampleProject``: the settings overlay, the email journal, the file
recorder), which supervisord passes on to its programs.

``shown_file()`` replaces only what the page tells the reader to change: the project's
folder and its virtualenv (this checkout's ``snippets/ladder/django_tasks`` and this
virtualenv), the account (``user=``, the one running the tests), the home folder (a folder
of the test's) and the address gunicorn listens on (a free port). A test that needs another
grace period says which line it changes.
"""

import configparser
import contextlib
import getpass
import http.client
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

from tests.helpers import waiting
from tests.helpers.snippets import SNIPPETS_DIR
from tests.helpers.systemd_units import SHOWN_PROJECT, SHOWN_VENV
from tests.test_snippets.ladder import web_server, workers
from tools import free_port

CONF = SNIPPETS_DIR / "deploy" / "signup.conf"
PROJECT = "ladder/django_tasks"
PAGE = "how-to/run-the-workers.md"
WEB, WORKER = "signup-web", "signup-worker"
# The values the page tells the reader to replace with their own.
SHOWN_HOME = "/home/signup"
SHOWN_USER = "signup"
SHOWN_ADDRESS = "127.0.0.1:8000"
# The host name the shown environment allows; a reverse proxy passes it on.
SHOWN_HOST = "www.example.com"
SUPERVISORD = str(workers.BIN / "supervisord")
SUPERVISORCTL = str(workers.BIN / "supervisorctl")

MAIN_CONF = """\
[unix_http_server]
file={folder}/supervisor.sock

[supervisord]
logfile={folder}/supervisord.log
pidfile={folder}/supervisord.pid
childlogdir={folder}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{folder}/supervisor.sock

[include]
files = {include}
"""


def shown_programs() -> dict[str, dict[str, str]]:
    """Each ``[program:x]`` section of the shown file, as supervisord's INI parser reads it."""
    parser = configparser.RawConfigParser()
    parser.read_string(CONF.read_text(), source=str(CONF))
    return {
        section.removeprefix("program:"): dict(parser[section])
        for section in parser.sections()
    }


def command_words(program: str) -> list[str]:
    """The words of a shown program's command, its virtualenv's path left out."""
    words = shlex.split(shown_programs()[program]["command"])
    return [word.removeprefix(f"{SHOWN_VENV}/bin/") for word in words]


def replace_shown(text: str, shown: str, ours: str) -> str:
    """``text`` with every ``shown`` replaced by ``ours``; ``shown`` must be there."""
    assert shown in text, f"{CONF.name} no longer holds {shown!r}"
    return text.replace(shown, ours)


def shown_file(project_dir: Path, home: Path, port: int) -> str:
    """The shown file with the reader's values replaced by this test run's."""
    text = CONF.read_text()
    # The virtualenv first: its path starts with the project's.
    text = replace_shown(text, SHOWN_VENV, sys.prefix)
    text = replace_shown(text, SHOWN_PROJECT, str(project_dir))
    text = replace_shown(text, SHOWN_HOME, str(home))
    text = replace_shown(text, SHOWN_ADDRESS, f"127.0.0.1:{port}")
    user_line = re.compile(rf"^user={SHOWN_USER}$", re.MULTILINE)
    assert user_line.search(text), f"{CONF.name} no longer runs as {SHOWN_USER}"
    return user_line.sub(f"user={getpass.getuser()}", text)


def with_grace_period(text: str, program: str, seconds: int) -> str:
    """``text`` with ``stopwaitsecs`` of ``[program:<program>]`` set to ``seconds``."""
    head, section, rest = text.partition(f"[program:{program}]\n")
    body, next_section, tail = rest.partition("\n[")
    changed, count = re.subn(
        r"^stopwaitsecs=\d+$", f"stopwaitsecs={seconds}", body, flags=re.MULTILINE
    )
    assert count == 1, f"[program:{program}] has no single stopwaitsecs line"
    return head + section + changed + next_section + tail


class Supervisor:
    """A supervisord in the foreground, in its own session, with its programs' logs."""

    def __init__(self, project: workers.ExampleProject, *, grace_periods=None):
        self.project = project
        # A folder of its own, short enough for a Unix socket's path (108 bytes at most).
        self.folder = Path(tempfile.mkdtemp(prefix="sv-"))
        self.home = self.folder / "home"
        self.home.mkdir()
        self.port = free_port()
        text = shown_file(project.directory, self.home, self.port)
        for program, seconds in (grace_periods or {}).items():
            text = with_grace_period(text, program, seconds)
        include = self.folder / "conf.d" / CONF.name
        include.parent.mkdir()
        include.write_text(text)
        self.main_conf = self.folder / "supervisord.conf"
        self.main_conf.write_text(MAIN_CONF.format(folder=self.folder, include=include))
        self.daemon = workers.Worker(
            [SUPERVISORD, "-n", "-c", str(self.main_conf)],
            # supervisord's own HOME, which the shown environment line replaces.
            {**project.env, "HOME": str(self.folder)},
            self.folder / "supervisord.stdout",
            cwd=self.folder,
        )

    def ctl(self, *args: str, timeout: float = 90) -> str:
        """``supervisorctl <args>``: what it printed (it exits non-zero when a program failed)."""
        done = subprocess.run(
            [SUPERVISORCTL, "-c", str(self.main_conf), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        return done.stdout + done.stderr

    def ctl_in_background(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [SUPERVISORCTL, "-c", str(self.main_conf), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            stdin=subprocess.DEVNULL,
        )

    def log(self) -> str:
        """supervisord's own log: what it sent to whom, and how each program ended."""
        path = self.folder / "supervisord.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def program_log(self, program: str) -> str:
        """A program's output: supervisord keeps stdout (stderr joined to it) in an ``AUTO`` file."""
        return "".join(
            path.read_text(errors="replace")
            for path in sorted(self.folder.glob(f"{program}-stdout---supervisor-*.log"))
        )

    def state(self, program: str) -> str:
        printed = self.ctl("status", program).split()
        return printed[1] if len(printed) > 1 else printed[0]

    def wait_until(self, condition, what: str, timeout: float = waiting.WAIT_SECONDS):
        """``waiting.wait_until``, its failure followed by what supervisord and the programs logged."""
        waiting.wait_until(
            condition,
            what,
            timeout,
            details=lambda: (
                f"supervisord:\n{self.log()}\n{WEB}:\n{self.program_log(WEB)}\n"
                f"{WORKER}:\n{self.program_log(WORKER)}"
            ),
        )

    def wait_running(self, *programs: str) -> None:
        for program in programs:
            self.wait_until(
                lambda program=program: self.state(program) == "RUNNING",
                f"{program} to be RUNNING",
            )
        if WEB in programs:
            self.wait_until(
                lambda: web_server.listening(self.port), "gunicorn to listen"
            )

    def sign_up(self, email: str) -> None:
        """POST the sign-up form to gunicorn, with the host name the shown settings allow."""
        token = web_server.CSRF_TOKEN
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=workers.WAIT_SECONDS
        )
        try:
            connection.request(
                "POST",
                "/signup/",
                urllib.parse.urlencode(
                    {"username": email.split("@")[0], "email": email}
                ),
                {
                    "Host": SHOWN_HOST,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={token}",
                    "X-CSRFToken": token,
                },
            )
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        assert response.status == 201, (
            f"{response.status} {body!r}\n{self.program_log(WEB)}"
        )

    def stop(self) -> None:
        """Stop every program the way supervisord does at its own shutdown, then kill what is left."""
        workers.release(self.project.outbox)  # no held task may outlive the test
        if self.daemon.is_alive():
            self.ctl("shutdown")
            with contextlib.suppress(AssertionError):
                self.daemon.wait_for_exit(timeout=workers.WAIT_SECONDS)
        # supervisord gives each program a process group of its own, inside the session
        # the test started it in: whatever is left of that session goes.
        for pid in processes_in_session(self.daemon.process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.daemon.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def processes_in_session(session: int) -> list[int]:
    """The processes still running in ``session`` (Linux ``/proc``)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


@contextlib.contextmanager
def supervised(project: workers.ExampleProject, **options):
    supervisor = Supervisor(project, **options)
    try:
        yield supervisor
    finally:
        supervisor.stop()
