"""snippets/django_project/accounts/management/commands/send_reminders.py: SIGTERM or the
command's own end drains the helper's pool, and the drain's report says what it left.

Each test runs the example project as its reader does (``workers.ExampleProject``), types the
command the how-to page shows, and reads the email journal of the test settings overlay: a
``hold-…`` address makes the reminder wait for ``workers.release`` (``tests/helpers/
journal_email_backend.py``), so a test can stop the command while reminders run or wait.
"""

import ast
import re
import signal
import time
import uuid

import pytest

from tests.test_snippets.ladder import workers

PAGE = "how-to/background-helper.md"
COMMAND = "python manage.py send_reminders"
TASK = "accounts.management.commands.send_reminders.send_reminder"
DRAINING = re.compile(r"pool background draining (\d+) tasks for up to 10 s")
REPORT = re.compile(
    r"pool background shut down: (\d+) finished \((\d+) failed\), (\d+) unfinished: (\[.*\])"
)
EXIT_DEADLINE = 10  # the helper's default, which the command keeps


@pytest.fixture
def project(tmp_path):
    project = workers.ExampleProject("django_project", tmp_path)
    project.migrate()
    yield project
    workers.release(project.outbox)  # no reminder outlives its test waiting


def addresses(kind: str, count: int) -> list[str]:
    run = uuid.uuid4().hex[:6]
    return [f"{kind}-{run}-{number}@example.com" for number in range(count)]


def add_users(project, emails: list[str]) -> None:
    project.shell(
        "from django.contrib.auth.models import User\n"
        f"for email in {emails!r}:\n"
        "    User.objects.create_user(email.partition('@')[0], email)\n"
    )


def report(log: str) -> tuple[int, int, list[str]]:
    """The drain report the helper logged: finished, failed, and the names of unfinished tasks."""
    match = REPORT.search(log)
    assert match, f"no drain report in the command's output:\n{log}"
    return int(match[1]), int(match[2]), ast.literal_eval(match[4])


def test_sigterm_lets_running_and_queued_reminders_finish_then_the_command_exits(
    project,
):
    held, queued = addresses("hold", 4), addresses("ada", 20)
    add_users(project, held + queued)
    with project.start(workers.shown_command(PAGE, COMMAND)) as command:
        workers.wait_until(
            lambda: all(workers.started_count(project.outbox, email) for email in held),
            "four held reminders to occupy the pool's four threads",
            command,
        )
        assert not any(workers.sent(project.outbox, email) for email in queued), (
            "the rest wait in the queue"
        )
        command.process.send_signal(signal.SIGTERM)
        workers.wait_until(
            lambda: DRAINING.search(command.log()), "the drain to start", command
        )
        assert int(DRAINING.search(command.log())[1]) == 24
        workers.release(project.outbox)
        assert command.wait_for_exit() == 128 + signal.SIGTERM
        finished, failed, unfinished = report(command.log())
    assert (finished, failed, unfinished) == (24, 0, [])
    assert all(workers.sent(project.outbox, email) for email in held + queued)


def test_sigterm_with_a_stuck_reminder_exits_at_the_deadline_and_names_it(project):
    stuck, others = addresses("hold", 1), addresses("grace", 20)
    add_users(project, stuck + others)
    with project.start(workers.shown_command(PAGE, COMMAND)) as command:
        workers.wait_until(
            lambda: (
                workers.started_count(project.outbox, stuck[0])
                and all(workers.sent(project.outbox, email) for email in others)
            ),
            "the stuck reminder to start and the others to go out",
            command,
        )
        signalled = time.monotonic()
        command.process.send_signal(signal.SIGTERM)
        assert command.wait_for_exit(timeout=EXIT_DEADLINE + 10) == 128 + signal.SIGTERM
        elapsed = time.monotonic() - signalled
        finished, failed, unfinished = report(command.log())
    assert (finished, failed, unfinished) == (20, 0, [TASK])
    assert EXIT_DEADLINE <= elapsed < EXIT_DEADLINE + 3
    assert not workers.sent(project.outbox, stuck[0])


def test_the_command_ending_by_itself_drains_and_reports_too(project):
    emails = addresses("alan", 20)
    add_users(project, emails)
    with project.start(workers.shown_command(PAGE, COMMAND)) as command:
        assert command.wait_for_exit() == 0, command.log()
        finished, failed, unfinished = report(command.log())
    assert (finished, failed, unfinished) == (20, 0, [])
    assert all(workers.sent(project.outbox, email) for email in emails)
    assert not DRAINING.search(command.log()), "nothing was left to drain"
