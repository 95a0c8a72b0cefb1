"""snippets/how_to/safe_to_repeat/dramatiq/: the Dramatiq rung's project, its actor guarded by a
``WelcomeEmail`` row.

Each kill test kills the whole worker (``rundramatiq`` and its worker processes, SIGKILL) at
one point of the task, then starts a second worker, as a process manager restarts it:
RabbitMQ puts the unacknowledged message back when the dead worker's connection drops, and
the second worker gets it. The point is picked by the user's address (``hold-``: the SMTP
server has not answered yet; ``tests/helpers/journal_email_backend.py``) or by the stops of
``holds.py`` (just after the send, just after the record). One test runs the rung's own
project, unguarded, for comparison.
"""

import pytest

from tests.test_snippets.how_to.diffs import project_diff, shown_diff
from tests.test_snippets.how_to.safe_to_repeat import guarded
from tests.test_snippets.how_to.variants import differing_files
from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.dramatiq import dramatiq_project
from tests.test_snippets.ladder.dramatiq.dramatiq_project import WORKER

pytestmark = pytest.mark.rabbitmq

PAGE = "how-to/make-tasks-safe-to-repeat.md"
PROJECT, RUNG = "how_to/safe_to_repeat/dramatiq", "ladder/dramatiq"
SETTINGS = "tests.test_snippets.how_to.safe_to_repeat.dramatiq_settings"


@pytest.fixture
def make_project(tmp_path, dramatiq_broker):
    def make(hold: str = "", project: str = PROJECT) -> workers.ExampleProject:
        return dramatiq_project.make_project(
            tmp_path, project, settings=SETTINGS, HOLD_WELCOME_EMAIL=hold
        )

    return make


def kill_then_restart(project, killed_at, email: str):
    """Sign ``email`` up, kill the worker once ``killed_at()`` is true, start a second one.

    Returns the second worker's context manager: the worker, killed when it ends.
    """
    workers.sign_up(project, email)
    with project.start(workers.shown_command(PAGE, WORKER)) as first:
        workers.wait_until(killed_at, "the task to reach the kill point", first)
        first.kill()  # the whole worker, SIGKILL, as a lost machine or a hard stop
    return project.start(
        workers.shown_command(PAGE, WORKER), log_name="second-worker.log"
    )


def sent_count(project, email: str) -> int:
    return workers.outbox_lines(project.outbox).count(f"sent {email}")


def test_a_worker_killed_before_the_smtp_server_answered_sends_once_after_restart(
    make_project,
):
    project = make_project()
    hold = workers.address("hold")  # the SMTP server answers once released
    with kill_then_restart(
        project, lambda: workers.started_count(project.outbox, hold) == 1, hold
    ) as second:
        workers.release(project.outbox)
        workers.wait_until(
            lambda: guarded.records(project) == [hold],
            "the email to be sent and recorded",
            second,
        )
        second.stop()
    assert workers.started_count(project.outbox, hold) == 2, "delivered twice"
    assert sent_count(project, hold) == 1


def test_a_worker_killed_after_the_record_is_skipped_after_restart(make_project):
    project = make_project(hold="after-record")
    email = workers.address("ada")
    with kill_then_restart(
        project, lambda: guarded.held(project.outbox, email, "after-record"), email
    ) as second:
        workers.wait_until(
            lambda: guarded.SKIPPED in second.log(),
            "the second delivery to skip",
            second,
        )
        second.stop()
    assert sent_count(project, email) == 1
    assert guarded.records(project) == [email]


def test_a_worker_killed_between_the_send_and_the_record_sends_twice(make_project):
    project = make_project(hold="after-send")
    email = workers.address("ada")
    with kill_then_restart(
        project, lambda: guarded.held(project.outbox, email, "after-send"), email
    ) as second:
        workers.wait_until(
            lambda: guarded.records(project) == [email],
            "the second delivery to send and record",
            second,
        )
    assert sent_count(project, email) == 2


def test_without_the_row_a_worker_killed_after_the_send_sends_twice(make_project):
    project = make_project(hold="after-send", project=RUNG)
    email = workers.address("ada")
    with kill_then_restart(
        project, lambda: guarded.held(project.outbox, email, "after-send"), email
    ) as second:
        workers.wait_until(
            lambda: sent_count(project, email) == 2, "a second email", second
        )


def test_the_page_shows_the_real_diff():
    assert shown_diff("safe_to_repeat/dramatiq_tasks.diff") == project_diff(
        RUNG, PROJECT, "accounts/tasks.py"
    )


def test_the_rest_of_the_project_is_the_rungs():
    assert differing_files(RUNG, PROJECT) == guarded.CHANGED_FILES


def test_the_migration_matches_the_model(make_project):
    project = make_project()
    printed = project.run(guarded.MAKEMIGRATIONS_CHECK)
    assert printed.strip() == guarded.NO_MIGRATION_MISSING
