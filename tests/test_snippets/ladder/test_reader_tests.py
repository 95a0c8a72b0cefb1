"""The tests a reader adds to each rung's project, run as the reader runs them.

docs/how-to/test-code-that-enqueues.md shows, for each rung of the ladder, a test file that
belongs in the reader's project: ``snippets/ladder/<rung>/accounts/tests.py``, run by pytest
with pytest-django, configured by the project's own ``pytest.ini``. Here each file runs as the
reader runs it: ``python -m pytest``, typed in the project's folder (``workers.ExampleProject``),
and must pass with exactly the tests it holds. pytest-django's header line says which settings
module it used and where the name came from: the ``pytest.ini``, except for Huey, whose run
gets the rung's overlay through ``DJANGO_SETTINGS_MODULE`` so that Huey's queue file lands in
the test's folder rather than in ``snippets/``. ``-p no:cacheprovider`` (in ``PYTEST_ADDOPTS``)
keeps pytest's cache out of ``snippets/`` too.

Then a copy of the project whose view no longer enqueues the email must fail those tests: they
test the view, not only the task. A few more variants show what the page warns about.

No reader test needs a broker except RQ's (Redis, database 11 here, skipped without it locally,
a failure with ``CI=true``) and Procrastinate's, whose project runs on PostgreSQL: pytest-django
creates its test database there, under a name of this test's own, and drops it.
"""

import itertools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from redis import Redis

from tests.helpers.snippets import SNIPPETS_DIR
from tests.test_snippets.ladder import postgres_databases, workers

PAGE = "how-to/test-code-that-enqueues.md"
COMMAND = "python -m pytest"
# This module's own Redis database (the rung's tests use 8): the RQ reader tests empty its
# "default" queue, as they advise the reader to give them a database of their own.
REDIS_URL = "redis://127.0.0.1:6379/11"
# A port nothing listens on: a broker there refuses every connection at once.
CLOSED_PORT_REDIS_URL = "redis://127.0.0.1:1/0"
CLOSED_PORT_AMQP_URL = "amqp://guest:guest@127.0.0.1:1/"
SUMMARY = re.compile(r"(\d+) (passed|failed|errors?|skipped)\b")


@dataclass
class Run:
    returncode: int
    output: str

    def counts(self) -> dict[str, int]:
        """What pytest's last line counted: ``{"passed": 2, "failed": 1}``."""
        last = self.output.rstrip().splitlines()[-1]
        return {
            outcome.rstrip("s") if outcome.startswith("error") else outcome: int(n)
            for n, outcome in SUMMARY.findall(last)
        }

    def settings(self) -> str:
        """pytest-django's header: ``signup_project.settings (from ini)``."""
        found = re.search(r"settings: (\S+ \(from \w+\))", self.output)
        assert found, f"no settings line in pytest's header:\n{self.output}"
        return found[1]


def reader_project(
    rung: str, data_dir: Path, overlay: str | None = None, **env: str
) -> workers.ExampleProject:
    """The rung's project, with the settings its ``pytest.ini`` names unless ``overlay``."""
    project = workers.ExampleProject(f"ladder/{rung}", data_dir, **env)
    if overlay:
        project.env["DJANGO_SETTINGS_MODULE"] = overlay
    else:
        del project.env["DJANGO_SETTINGS_MODULE"]
    project.env["PYTEST_ADDOPTS"] = "-p no:cacheprovider"
    # A broker named in this process's environment must not leak into the readers' runs.
    for name in ("CELERY_BROKER_URL", "PYTEST_PLUGINS"):
        project.env.pop(name, None)
    project.env.update(env)
    return project


def run_reader_tests(
    project: workers.ExampleProject, folder: Path | None = None
) -> Run:
    """``python -m pytest`` as the page shows it, in the project's folder (or ``folder``)."""
    command = project.command(workers.shown_command(PAGE, COMMAND))
    done = subprocess.run(
        command,
        cwd=folder or project.directory,
        env=project.env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    return Run(done.returncode, done.stdout + done.stderr)


def copy_without(
    project: workers.ExampleProject, destination: Path, **removed: list[str]
) -> Path:
    """A copy of the project whose files (``accounts_views="..."`` for accounts/views.py)
    lose every line holding one of the given texts; each text must be found."""
    copy = destination / Path(project.relative_dir).name
    shutil.copytree(
        project.directory,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3", ".pytest_cache"),
    )
    for name, texts in removed.items():
        path = copy / Path(*name.split("_", 1)).with_suffix(".py")
        lines = path.read_text().splitlines(keepends=True)
        for text in texts:
            assert any(text in line for line in lines), f"{text!r} not in {path}"
        path.write_text(
            "".join(line for line in lines if not any(text in line for text in texts))
        )
    return copy


def run_without(
    project: workers.ExampleProject, destination: Path, **removed: list[str]
) -> Run:
    """The reader's tests, run in a copy of ``project`` that lost the given lines."""
    return run_reader_tests(project, copy_without(project, destination, **removed))


def assert_all_pass(
    project: workers.ExampleProject, passed: int, settings: str
) -> None:
    """The reader's tests pass in ``project``, ``passed`` of them, with ``settings``."""
    run = run_reader_tests(project)
    assert_outcome(run, {"passed": passed})
    assert run.settings() == settings


def assert_outcome(run: Run, expected: dict[str, int]) -> None:
    assert run.counts() == expected, run.output
    assert (run.returncode == 0) == (set(expected) == {"passed"}), run.output


RUNGS = ["asyncio", "celery", "django_tasks", "dramatiq", "huey", "procrastinate", "rq"]
# The page shows the Celery project's pytest.ini for every project.
SHOWN_PYTEST_INI = "celery/pytest.ini"


def test_every_project_has_the_shown_pytest_ini():
    ladder = SNIPPETS_DIR / "ladder"
    shown = (ladder / SHOWN_PYTEST_INI).read_text()
    assert "DJANGO_SETTINGS_MODULE = signup_project.settings\n" in shown
    for rung in RUNGS:
        expected = shown
        if rung == "dramatiq":  # its tests have a settings module of their own
            expected = shown.replace(
                "signup_project.settings", "signup_project.test_settings"
            )
        assert (ladder / rung / "pytest.ini").read_text() == expected, rung


# --- Celery: its pytest plugin (celery.contrib.pytest), a mock, and an embedded worker ----

CELERY_VIEW_QUEUES = ["send_welcome_email.delay_on_commit("]


def test_celery_reader_tests_pass(tmp_path):
    assert_all_pass(
        reader_project("celery", tmp_path), 3, "signup_project.settings (from ini)"
    )


def test_celery_reader_tests_fail_when_the_view_queues_nothing(tmp_path):
    run = run_without(
        reader_project("celery", tmp_path), tmp_path, accounts_views=CELERY_VIEW_QUEUES
    )
    # The mocked delay() was never called; the embedded worker never sent the email. The
    # task itself still sends it when called.
    assert_outcome(run, {"failed": 2, "passed": 1})
    assert "Expected 'delay' to be called once. Called 0 times." in run.output


def test_celery_test_worker_takes_the_broker_named_in_the_environment(tmp_path):
    # CELERY_BROKER_URL wins over the test app's in-memory broker: the embedded worker
    # tries that broker, here a closed port, and its test errors.
    project = reader_project(
        "celery", tmp_path, CELERY_BROKER_URL=CLOSED_PORT_REDIS_URL
    )
    run = run_reader_tests(project)
    assert_outcome(run, {"passed": 2, "error": 1})
    assert (
        "ERROR accounts/tests.py::test_a_worker_sends_the_welcome_email" in run.output
    )
    assert (
        "kombu.exceptions.OperationalError: Error 111 connecting to 127.0.0.1:1. "
        "Connection refused." in run.output
    )


# --- Django Tasks: Django's DummyBackend and ImmediateBackend ----------------------------

DJANGO_TASKS_VIEW_ENQUEUES = ["send_welcome_email.enqueue(user.pk)"]


def test_django_tasks_reader_tests_pass(tmp_path):
    assert_all_pass(
        reader_project("django_tasks", tmp_path),
        2,
        "signup_project.settings (from ini)",
    )


def test_django_tasks_reader_tests_fail_when_the_view_enqueues_nothing(tmp_path):
    run = run_without(
        reader_project("django_tasks", tmp_path),
        tmp_path,
        accounts_views=DJANGO_TASKS_VIEW_ENQUEUES,
    )
    assert_outcome(run, {"failed": 2})


def test_django_tasks_immediate_backend_keeps_the_task_error_from_the_view(tmp_path):
    # Without the line that reads the user, the task raises NameError. ImmediateBackend
    # records it in the task's result: the view still answers 201, and only the outbox
    # assertion fails.
    run = run_without(
        reader_project("django_tasks", tmp_path),
        tmp_path,
        accounts_tasks=["user = User.objects.get("],
    )
    assert_outcome(run, {"failed": 1, "passed": 1})
    # The test got past the 201 check: it fails on the outbox's line, which is empty.
    failing_line = ">       assert [message.to for message in mailoutbox] == ["
    assert failing_line in run.output
    assert "assert [] == [['ada@example.com']]" in run.output


# --- Huey: immediate mode -----------------------------------------------------------------

HUEY_OVERLAY = "tests.test_snippets.ladder.huey.huey_settings"
HUEY_VIEW_ENQUEUES = ["transaction.on_commit(partial(send_welcome_email"]


def test_huey_reader_tests_pass(tmp_path):
    assert_all_pass(
        reader_project("huey", tmp_path, overlay=HUEY_OVERLAY),
        2,
        f"{HUEY_OVERLAY} (from env)",
    )


def test_huey_reader_tests_fail_when_the_view_enqueues_nothing(tmp_path):
    run = run_without(
        reader_project("huey", tmp_path, overlay=HUEY_OVERLAY),
        tmp_path,
        accounts_views=HUEY_VIEW_ENQUEUES,
    )
    # The view's test fails; the task, called through call_local(), still sends.
    assert_outcome(run, {"failed": 1, "passed": 1})


# --- RQ: django-rq's queue and RQ's SimpleWorker, on a real Redis ------------------------

RQ_VIEW_ENQUEUES = ["transaction.on_commit(partial(send_welcome_email"]


@pytest.fixture
def rq_project(tmp_path):
    workers.need_redis()
    Redis.from_url(REDIS_URL).flushdb()
    return reader_project("rq", tmp_path, REDIS_URL=REDIS_URL)


@pytest.mark.redis
def test_rq_reader_tests_pass(rq_project):
    assert_all_pass(rq_project, 2, "signup_project.settings (from ini)")


@pytest.mark.redis
def test_rq_reader_tests_fail_when_the_view_enqueues_nothing(rq_project, tmp_path):
    run = run_without(rq_project, tmp_path, accounts_views=RQ_VIEW_ENQUEUES)
    assert_outcome(run, {"failed": 2})


# --- Dramatiq: the StubBroker and a worker in the test's process -------------------------

DRAMATIQ_VIEW_SENDS = ["transaction.on_commit(partial(send_welcome_email"]


def test_dramatiq_reader_tests_pass(tmp_path):
    # The project's settings read RabbitMQ's address from the environment: a closed port
    # here, which only the StubBroker of the test settings makes harmless.
    project = reader_project(
        "dramatiq", tmp_path, DRAMATIQ_BROKER_URL=CLOSED_PORT_AMQP_URL
    )
    run = run_reader_tests(project)
    assert_outcome(run, {"passed": 2})
    assert run.settings() == "signup_project.test_settings (from ini)"


def test_dramatiq_reader_tests_fail_when_the_view_sends_nothing(tmp_path):
    run = run_without(
        reader_project("dramatiq", tmp_path),
        tmp_path,
        accounts_views=DRAMATIQ_VIEW_SENDS,
    )
    # The worker's test fails; the actor, called as a function, still sends.
    assert_outcome(run, {"failed": 1, "passed": 1})


def test_dramatiq_reader_test_fails_after_its_timeout_when_the_actor_raises(tmp_path):
    # Without the line that reads the user, the actor raises NameError. The production
    # Retries middleware of the test settings schedules the next try at least 15 s later,
    # so the join waits until its timeout, then fails the test.
    project = reader_project("dramatiq", tmp_path)
    # Captured logs down to INFO, where the Retries middleware says when it retries.
    project.env["PYTEST_ADDOPTS"] += " --log-level=INFO"
    run = run_without(project, tmp_path, accounts_tasks=["user = User.objects.get("])
    assert_outcome(run, {"failed": 2})
    assert "dramatiq.errors.QueueJoinTimeout" in run.output
    [delay] = re.findall(r"Retrying message '[\w-]+' in (\d+) milliseconds", run.output)
    assert int(delay) >= 15_000


# --- asyncio: Django's async test support ------------------------------------------------

ASYNCIO_VIEW_STARTS_THE_TASK = [
    "task = asyncio.create_task(",
    "background_tasks.add(task)",
    "task.add_done_callback(",
]


def test_asyncio_reader_tests_pass(tmp_path):
    assert_all_pass(
        reader_project("asyncio", tmp_path), 1, "signup_project.settings (from ini)"
    )


def test_asyncio_reader_tests_fail_when_the_view_starts_no_task(tmp_path):
    run = run_without(
        reader_project("asyncio", tmp_path),
        tmp_path,
        accounts_views=ASYNCIO_VIEW_STARTS_THE_TASK,
    )
    assert_outcome(run, {"failed": 1})


# --- Procrastinate: its job rows, and the InMemoryConnector with a worker -----------------

PROCRASTINATE_VIEW_DEFERS = ["send_welcome_email.defer("]
_database_numbers = itertools.count()


@pytest.fixture
def procrastinate_project(tmp_path):
    # The project's database must be PostgreSQL; pytest-django creates the test database,
    # test_<name>, and drops it at the end. The name is this test's own: no other run
    # drops it.
    postgres_databases.need_postgresql()
    database = f"reader_tests_{os.getpid()}_{next(_database_numbers)}"
    return reader_project(
        "procrastinate", tmp_path, **postgres_databases.environment(database)
    )


@pytest.mark.postgresql_server
def test_procrastinate_reader_tests_pass(procrastinate_project):
    assert_all_pass(procrastinate_project, 2, "signup_project.settings (from ini)")


@pytest.mark.postgresql_server
def test_procrastinate_reader_tests_fail_when_the_view_defers_nothing(
    procrastinate_project, tmp_path
):
    run = run_without(
        procrastinate_project, tmp_path, accounts_views=PROCRASTINATE_VIEW_DEFERS
    )
    assert_outcome(run, {"failed": 2})


@pytest.mark.postgresql_server
def test_a_worker_thread_cannot_see_the_user_of_a_test_that_never_commits(
    procrastinate_project, tmp_path
):
    # The worker's test without transaction=True: the test's transaction never commits,
    # so the task, on its own connection, finds no user.
    project = procrastinate_project
    copy = copy_without(project, tmp_path)
    tests = copy / "accounts" / "tests.py"
    committing = "@pytest.mark.django_db(transaction=True)"
    assert tests.read_text().count(committing) == 1
    tests.write_text(tests.read_text().replace(committing, "@pytest.mark.django_db"))
    run = run_reader_tests(project, copy)
    assert_outcome(run, {"failed": 1, "passed": 1})
    assert "User.DoesNotExist: User matching query does not exist." in run.output
