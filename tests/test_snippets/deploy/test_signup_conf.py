"""snippets/deploy/signup.conf: supervisord runs gunicorn and db_worker, and a deploy loses nothing.

The file is run as the page installs it (``supervised.py``): a real supervisord, its programs
the Django Tasks rung's project (``snippets/ladder/django_tasks``) served by gunicorn and
worked by ``db_worker``, with the settings overlay and the email journal of the example
projects. Sign-ups go to gunicorn over HTTP; a ``hold-`` address keeps its task running until
``workers.release()`` (``tests/helpers/journal_email_backend.py``), so a test can restart the
worker with ``supervisorctl restart`` in the middle of it, as a deploy does, and count which
emails never went out.
"""

import json

import pytest

from tests.test_snippets.deploy import supervised
from tests.test_snippets.deploy.supervised import WEB, WORKER
from tests.test_snippets.ladder import workers

READ_STATUSES = """
import json
from django_tasks_db.models import DBTaskResult
from django.contrib.auth.models import User

statuses = {}
for row in DBTaskResult.objects.all():
    email = User.objects.get(pk=row.args_kwargs["args"][0]).email
    statuses[email] = row.status
print(json.dumps(statuses))
"""


@pytest.fixture
def project(tmp_path):
    project = workers.ExampleProject(
        supervised.PROJECT, tmp_path, DJANGO_SECRET_KEY="set-by-the-shown-file"
    )
    project.migrate()
    return project


def statuses(project) -> dict[str, str]:
    """Each task row's status, by the address of the user it greets."""
    return json.loads(project.shell(READ_STATUSES).strip().splitlines()[-1])


def lost(project, emails: list[str]) -> list[str]:
    return [email for email in emails if not workers.sent(project.outbox, email)]


def sent_once(project, emails: list[str]) -> bool:
    lines = workers.outbox_lines(project.outbox)
    return all(lines.count(f"sent {email}") == 1 for email in emails)


def test_each_program_stops_with_term_and_a_grace_period_longer_than_its_work():
    programs = supervised.shown_programs()
    assert sorted(programs) == [WEB, WORKER]
    web, worker = programs[WEB], programs[WORKER]
    for program in (web, worker):
        assert program["stopsignal"] == "TERM"
        assert program["killasgroup"] == "true"
        assert "stopasgroup" not in program, "TERM goes to the main process alone"
        assert program["user"] == supervised.SHOWN_USER
        assert program["directory"] == supervised.SHOWN_PROJECT
    web_command = supervised.command_words(WEB)
    graceful_timeout = int(web_command[web_command.index("--graceful-timeout") + 1])
    assert (graceful_timeout, int(web["stopwaitsecs"])) == (30, 40)
    assert int(worker["stopwaitsecs"]) == 60
    # The worker is the command the Django Tasks page shows, with the virtualenv's python.
    shown = workers.shown_command(
        "ladder/django_tasks.md", "python manage.py db_worker"
    )
    assert worker["command"] == f"{supervised.SHOWN_VENV}/bin/{shown}"
    assert supervised.command_words(WORKER) == shown.split()


def test_supervisord_starts_both_programs_and_a_signup_through_gunicorn_is_sent(
    project,
):
    email = workers.address("ada")
    with supervised.supervised(project) as supervisor:
        supervisor.wait_running(WEB, WORKER)
        supervisor.sign_up(email)
        supervisor.wait_until(
            lambda: workers.sent(project.outbox, email), f"{email} to be sent"
        )
        # gunicorn's control socket is in the HOME of the shown environment line, not
        # in supervisord's own.
        socket = supervisor.home / ".gunicorn" / "gunicorn.ctl"
        supervisor.wait_until(
            lambda: (
                f"Control socket listening at {socket}" in supervisor.program_log(WEB)
            ),
            "gunicorn's control socket",
        )
        stopped = supervisor.ctl("stop", "all")
        assert f"{WEB}: stopped" in stopped and f"{WORKER}: stopped" in stopped
        log = supervisor.log()
    # Each program ended by itself on TERM, well inside its grace period.
    assert f"stopped: {WEB} (exit status 0)" in log, log
    assert f"stopped: {WORKER} (exit status 0)" in log, log
    assert "SIGKILL" not in log
    assert statuses(project) == {email: "SUCCESSFUL"}


def start_a_task_and_queue_two(supervisor, project) -> tuple[str, list[str]]:
    """A sign-up whose email is being sent (it holds), and two whose emails wait behind it."""
    held = workers.address("hold")
    supervisor.sign_up(held)
    supervisor.wait_until(
        lambda: workers.started_count(project.outbox, held) == 1,
        "the worker to start the held task",
    )
    waiting = [workers.address("ada"), workers.address("bob")]
    for email in waiting:
        supervisor.sign_up(email)
    return held, waiting


def test_a_deploy_restarts_the_worker_mid_task_and_loses_no_email(project):
    with supervised.supervised(project) as supervisor:
        supervisor.wait_running(WEB, WORKER)
        held, waiting = start_a_task_and_queue_two(supervisor, project)

        restart = supervisor.ctl_in_background("restart", WORKER)  # the deploy
        supervisor.wait_until(
            lambda: "shutting down gracefully" in supervisor.program_log(WORKER),
            "the worker to take the TERM",
        )
        assert restart.poll() is None, "supervisorctl waits while the task runs"
        workers.release(project.outbox)  # the SMTP server answers: the task ends
        printed, _ = restart.communicate(timeout=workers.WAIT_SECONDS)

        assert printed.splitlines() == [f"{WORKER}: stopped", f"{WORKER}: started"]
        everyone = [held, *waiting]
        supervisor.wait_until(
            lambda: not lost(project, everyone), "the new worker to send the rest"
        )
        log = supervisor.log()
    assert lost(project, everyone) == []
    assert sent_once(project, everyone)
    assert statuses(project) == dict.fromkeys(everyone, "SUCCESSFUL")
    assert f"stopped: {WORKER} (exit status 0)" in log
    assert "SIGKILL" not in log


def test_a_grace_period_shorter_than_the_task_loses_the_running_task(project):
    # The one change: the worker's stopwaitsecs is 1 instead of the shown 60.
    with supervised.supervised(project, grace_periods={WORKER: 1}) as supervisor:
        supervisor.wait_running(WEB, WORKER)
        held, waiting = start_a_task_and_queue_two(supervisor, project)

        printed = supervisor.ctl("restart", WORKER)  # the task outlasts the grace

        assert printed.splitlines() == [f"{WORKER}: stopped", f"{WORKER}: started"]
        supervisor.wait_until(
            lambda: not lost(project, waiting), "the new worker to send the waiting"
        )
        log = supervisor.log()
    assert f"killing '{WORKER}'" in log and "with SIGKILL" in log, log
    assert f"stopped: {WORKER} (terminated by SIGKILL)" in log, log
    # The task that was running is lost: its row says RUNNING and nothing runs it again.
    assert lost(project, [held, *waiting]) == [held]
    assert statuses(project) == {
        held: "RUNNING",
        **dict.fromkeys(waiting, "SUCCESSFUL"),
    }
