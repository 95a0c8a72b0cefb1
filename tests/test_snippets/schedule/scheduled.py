"""What the schedule's tests share: the example project, its due users, and its run lock.

``snippets/django_project/`` holds the scheduled command (``reminders/management/commands/
remind_users.py``). A test runs it as cron or systemd would, in the project's folder, with
the settings overlay that puts the database and the email journal in the test's folder
(``tests/helpers/example_settings.py``), or, for PostgreSQL, ``postgres_settings.py`` here.
A ``hold-…`` address keeps its reminder waiting until ``workers.release``, so a test can
start a second run, or kill the first, while the first is in the middle of its work.
"""

import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import psycopg

from tests.helpers.snippets import SNIPPETS_DIR
from tests.helpers.systemd_units import (  # noqa: F401 (the schedule's tests read them here)
    SHOWN_PROJECT,
    SHOWN_VENV,
)
from tests.test_snippets.ladder import workers

PAGE = "how-to/run-on-a-schedule.md"
COMMAND = "python manage.py remind_users"
LOCK_NAME = "remind_users"
HELD_BY_ANOTHER_RUN = f"another run holds the lock {LOCK_NAME!r}"
SCHEDULE_DIR = SNIPPETS_DIR / "schedule"
# The placeholders the page tells the reader to replace with their own paths.
POSTGRES_SETTINGS = "tests.test_snippets.schedule.postgres_settings"


def shown_command() -> str:
    return workers.shown_command(PAGE, COMMAND)


def sqlite_project(data_dir: Path) -> workers.ExampleProject:
    project = workers.ExampleProject("django_project", data_dir)
    project.migrate()
    return project


class PostgresDatabases:
    """Databases of the test's own on the PostgreSQL server, each a copy of one migrated template."""

    def __init__(self, data_dir: Path):
        self.prefix = f"schedule_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.template = f"{self.prefix}_template"
        self.created: list[str] = []
        self._create(f"CREATE DATABASE {self.template}", self.template)
        workers.ExampleProject(
            "django_project",
            data_dir,
            settings=POSTGRES_SETTINGS,
            SCHEDULE_PG_DATABASE=self.template,
        ).run("python manage.py migrate --verbosity 0")

    def _admin(self):
        return psycopg.connect(
            host="127.0.0.1",
            port=5432,
            dbname="test",
            user=os.environ.get("PGUSER", "postgres"),
            autocommit=True,
        )

    def _create(self, statement: str, name: str) -> None:
        with self._admin() as admin:
            admin.execute(statement)
        self.created.append(name)

    def new(self) -> str:
        """A fresh migrated database: the template's copy."""
        name = f"{self.prefix}_{len(self.created)}"
        self._create(f"CREATE DATABASE {name} TEMPLATE {self.template}", name)
        return name

    def drop_all(self) -> None:
        with self._admin() as admin:
            for name in reversed(self.created):
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def postgres_project(data_dir: Path, databases: PostgresDatabases):
    return workers.ExampleProject(
        "django_project",
        data_dir,
        settings=POSTGRES_SETTINGS,
        SCHEDULE_PG_DATABASE=databases.new(),
    )


def add_users(
    project: workers.ExampleProject, emails: list[str], *, days_ago: float = 2
) -> None:
    """Users who signed up ``days_ago`` days ago and never logged in, created in this order."""
    project.shell(
        "from datetime import timedelta\n"
        "from django.contrib.auth.models import User\n"
        "from django.utils import timezone\n"
        f"joined = timezone.now() - timedelta(days={days_ago})\n"
        f"for email in {emails!r}:\n"
        "    User.objects.create_user(email.partition('@')[0], email, date_joined=joined)\n"
    )


def state(project: workers.ExampleProject) -> dict:
    """Who has a Reminder row, and the run locks held, with their expiry as a Unix time."""
    printed = project.shell(
        "import json\n"
        "from reminders.models import Reminder, RunLock\n"
        "print(json.dumps({\n"
        "    'reminded': sorted(Reminder.objects.values_list('user__email', flat=True)),\n"
        "    'locks': {lock.name: lock.expires_at.timestamp() for lock in RunLock.objects.all()},\n"
        "}))\n"
    )
    return json.loads(printed.strip().splitlines()[-1])


def sent_count(outbox: Path, address: str) -> int:
    return workers.outbox_lines(outbox).count(f"sent {address}")


def run_to_the_end(
    project: workers.ExampleProject, typed: str, timeout: float = 60
) -> subprocess.CompletedProcess:
    """Run a command in the project's folder, whatever its exit status."""
    return subprocess.run(
        project.command(typed),
        cwd=project.directory,
        env=project.env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def copy_of_the_project(destination: Path) -> Path:
    """The example project's files in ``destination``, for a test whose command writes beside manage.py."""
    shutil.copytree(
        SNIPPETS_DIR / "django_project",
        destination,
        ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3", "*.log", "*.lock"),
    )
    return destination
