"""What the ladder's tests share: the example projects, real worker processes, the outbox.

Each rung is a Django project of its own under ``snippets/ladder/<rung>/``, laid out as its
reader's project is. ``ExampleProject`` runs it as the reader does: ``python manage.py ...`` and
the worker command the page shows, typed in the project's folder, with the test's settings
overlay (``tests/helpers/example_settings.py``) for the database and the email journal.

A worker runs in its own session (process group); the tests always kill it, in ``finally``,
with every process it started: its process group, and every descendant, since some leave the
group (RQ's work horse starts a session of its own).
"""

import atexit
import concurrent.futures
import contextlib
import functools
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

from tests.helpers import django_versions, services, snippets, waiting
from tests.helpers.snippets import ROOT
from tests.helpers.waiting import WAIT_SECONDS

BIN = Path(sys.executable).parent
REDIS_URL = "redis://127.0.0.1:6379/7"
RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"
# The example projects read their secret key from the environment, as production should.
SECRET = {"DJANGO_SECRET_KEY": "only-for-the-tests"}


def need_redis():
    if not services.port_open("127.0.0.1", 6379):
        services.missing("Redis is not reachable at 127.0.0.1:6379")


def need_rabbitmq():
    if not services.port_open("127.0.0.1", 5672):
        services.missing("RabbitMQ is not reachable at 127.0.0.1:5672")


def descendants(pid: int) -> list[int]:
    """Every process descended from ``pid``, children first (Linux ``/proc``)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue  # exited while we looked
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, waiting = [], [pid]
    while waiting:
        for child in children.get(waiting.pop(), []):
            found.append(child)
            waiting.append(child)
    return found


def kill_everything(pid: int) -> None:
    """SIGKILL ``pid`` and every process descended from it (found before the first kill)."""
    for target in [pid, *descendants(pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(target, signal.SIGKILL)


class Worker:
    """A worker command running in the background, its output kept in a log file."""

    def __init__(
        self, command: list[str], env: dict[str, str], log: Path, cwd: Path = ROOT
    ):
        self.command = command
        self.log_path = log
        self._log_file = log.open("ab")
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def is_alive(self) -> bool:
        return self.process.poll() is None

    def wait_for_exit(self, timeout: float = WAIT_SECONDS) -> int:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"{self.command[:3]} still running after {timeout} s; log:\n{self.log()}"
            ) from None

    def stop(self, stop_signal: int = signal.SIGTERM) -> int:
        """Stop the worker as a deploy does and wait for it to end; its exit status.

        Its processes then end normally and coverage.py records what they ran, which it cannot
        for a process ended with SIGKILL (``kill``, at the end of ``running``): a test that is
        the only one to run some shown lines in a worker ends that worker this way.
        """
        self.process.send_signal(stop_signal)
        return self.wait_for_exit()

    def kill(self):
        """SIGKILL the worker, every process descended from it, and its process group."""
        # Only while poll() has not reaped the worker is its pid surely its own.
        if self.process.poll() is None:
            kill_everything(self.process.pid)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=WAIT_SECONDS)
        self._log_file.close()


@contextlib.contextmanager
def running(command: list[str], env: dict[str, str], log: Path, cwd: Path = ROOT):
    worker = Worker(command, env, log, cwd)
    try:
        yield worker
    finally:
        worker.kill()


def wait_until(
    condition, what: str, worker: Worker | None = None, timeout: float = WAIT_SECONDS
):
    """``waiting.wait_until``, its failure followed by the worker's log."""
    waiting.wait_until(
        condition,
        what,
        timeout,
        details=lambda: f"worker log:\n{worker.log()}" if worker else "",
    )


def outbox_lines(outbox: Path) -> list[str]:
    return outbox.read_text().splitlines() if outbox.exists() else []


def sent(outbox: Path, address: str) -> bool:
    return f"sent {address}" in outbox_lines(outbox)


def started_count(outbox: Path, address: str) -> int:
    return sum(line.startswith(f"started {address} ") for line in outbox_lines(outbox))


def attempts(outbox: Path, address: str) -> int:
    return sum(line.startswith(f"attempt {address} ") for line in outbox_lines(outbox))


def kill_task_process(outbox: Path, address: str) -> int:
    """SIGKILL the process that runs the held task (it wrote its pid when it started)."""
    wait_until(lambda: started_count(outbox, address) >= 1, f"{address} to start")
    line = next(
        line for line in outbox_lines(outbox) if line.startswith(f"started {address} ")
    )
    pid = int(line.rsplit(" ", 1)[1])
    os.kill(pid, signal.SIGKILL)
    return pid


def release(outbox: Path):
    outbox.with_suffix(".release").touch()


def address(kind: str) -> str:
    """A fresh address; ``kind`` sets how the test email backend answers (``hold``, ``down``)."""
    return f"{kind}-{uuid.uuid4().hex[:8]}@example.com"


def sign_up(project: "ExampleProject", email: str) -> None:
    """Post the sign-up form of the project's view, as a browser would; it must answer 201."""
    status, body = project.post(
        "/signup/", {"username": email.split("@")[0], "email": email}
    )
    assert status == 201, body


def send_and_wait(project: "ExampleProject", worker: Worker) -> str:
    """Sign up a user whose email goes through; return once the worker sent it."""
    email = address("ada")
    sign_up(project, email)
    wait_until(lambda: sent(project.outbox, email), f"{email} to be sent", worker)
    return email


def wait_until_started(
    project: "ExampleProject",
    email: str,
    worker: Worker,
    what: str = "the task to start",
) -> None:
    """Wait until the worker has started the task of ``email`` once."""
    wait_until(lambda: started_count(project.outbox, email) == 1, what, worker)


def start_holding(
    project: "ExampleProject",
    worker: Worker,
    email: str,
    what: str = "the task to start",
) -> None:
    """Sign up ``email`` (a ``hold-`` address) and wait until the worker runs its task."""
    sign_up(project, email)
    wait_until_started(project, email, worker, what)


def in_a_fresh_thread(func, *args):
    """Call ``func(*args)`` in a new thread, which has no event loop running.

    ``asyncio.run()`` and Django's async-to-sync bridge refuse to start in a thread
    whose loop is running, and an earlier test in the same process may leave one.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(func, *args).result(timeout=WAIT_SECONDS)


DOCS = ROOT / "docs"
# Django's own settings module would win over the test's overlay if the pytest process leaked it.
_NOT_INHERITED = ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")


def shown_command(page: str, command: str) -> str:
    """``command``, once it is checked to stand on ``docs/<page>`` in a ``bash`` block, as the reader copies it."""
    text = (DOCS / page).read_text()
    blocks = [block.split("```", 1)[0] for block in text.split("```bash")[1:]]
    lines = {line.strip() for block in blocks for line in block.splitlines()}
    assert command in lines, (
        f"docs/{page} shows no bash line {command!r}; its bash lines: {sorted(lines)}"
    )
    return command


_MIGRATED: dict[tuple[Path, str], Path] = {}


@functools.cache
def _migrated_root() -> str:
    root = tempfile.mkdtemp(prefix="thread-or-queue-migrated-")
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return root


class ExampleProject:
    """A Django project under ``snippets/``, run in its own folder as its reader runs it.

    ``data_dir`` is the test's folder: the overlay puts the SQLite database and the email
    journal (``outbox``) there. ``env`` adds to the processes' environment (a broker URL).
    """

    def __init__(
        self,
        relative_dir: str,
        data_dir: Path,
        *,
        settings: str = "tests.helpers.example_settings",
        **env: str,
    ):
        if not (snippets.SNIPPETS_DIR / relative_dir / "manage.py").is_file():
            raise FileNotFoundError(
                f"snippets/{relative_dir} has no manage.py: not an example project"
            )
        self.relative_dir = relative_dir
        self.directory = django_versions.project_folder(relative_dir, data_dir)
        self.data_dir = data_dir
        self.outbox = data_dir / "outbox.txt"
        inherited = {
            name: value
            for name, value in os.environ.items()
            if name not in _NOT_INHERITED
        }
        self.env = {
            **inherited,
            **snippets.subprocess_environment(),
            "DJANGO_SETTINGS_MODULE": settings,
            "EXAMPLE_DATA_DIR": str(data_dir),
            "PYTHONDONTWRITEBYTECODE": "1",
            # The projects read their secret from the environment, as production should.
            "DJANGO_SECRET_KEY": "test-only-secret-key-" + "x" * 40,
            **env,
        }

    def command(self, typed: str) -> list[str]:
        """The words of ``typed``, with ``python`` and console scripts taken from this virtualenv."""
        words = shlex.split(typed)
        if words[0] == "python":
            words[0] = sys.executable
        elif (BIN / words[0]).is_file():
            words[0] = str(BIN / words[0])
        else:
            raise FileNotFoundError(
                f"{words[0]!r} is neither python nor a command installed in {BIN}"
            )
        return words

    def run(self, typed: str | list[str], timeout: float = 60) -> str:
        """Run a command to its end in the project's folder; its output, or a failure that shows it."""
        command = self.command(typed) if isinstance(typed, str) else typed
        done = subprocess.run(
            command,
            cwd=self.directory,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        if done.returncode != 0:
            raise AssertionError(
                f"{shlex.join(command[:4])} exited {done.returncode}:\n{done.stdout}{done.stderr}"
            )
        return done.stdout

    def migrate(self) -> None:
        """``python manage.py migrate``: run once per project and settings in a test session,
        then each test gets a copy of that database (a migrate costs seconds)."""
        key = (self.relative_dir, self.env["DJANGO_SETTINGS_MODULE"])
        if key not in _MIGRATED:
            folder = Path(tempfile.mkdtemp(prefix="migrated-", dir=_migrated_root()))
            ExampleProject(
                self.relative_dir,
                folder,
                settings=key[1],
                DJANGO_SECRET_KEY=self.env["DJANGO_SECRET_KEY"],
            ).run("python manage.py migrate --verbosity 0")
            _MIGRATED[key] = folder / "db.sqlite3"
        shutil.copyfile(_MIGRATED[key], self.data_dir / "db.sqlite3")

    def shell(self, code: str) -> str:
        """``python manage.py shell -c code``: what it printed."""
        return self.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", code]
        )

    def post(self, path: str, data: dict[str, str]) -> tuple[int, dict]:
        """POST ``data`` to ``path`` with Django's test client, in the project; the status and the JSON body."""
        printed = self.shell(
            "import json\n"
            "from django.test import Client\n"
            f"response = Client().post({path!r}, {data!r})\n"
            "print(json.dumps([response.status_code, response.content.decode()]))\n"
        )
        status, body = json.loads(printed.strip().splitlines()[-1])
        try:
            return status, json.loads(body)
        except json.JSONDecodeError:
            return status, {"body": body}

    def start(self, typed: str, log_name: str = "worker.log"):
        """A context manager: the command running in the background (a ``Worker``), killed at the end."""
        return running(
            self.command(typed), self.env, self.data_dir / log_name, cwd=self.directory
        )
