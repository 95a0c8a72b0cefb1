"""snippets/how_to/find_lost_work/thread_outbox/: the thread's sign-up project with an outbox
row written before the thread starts, and ``send_lost_welcome_emails``, the sweep that sends
what a dead thread left unsent.

The web process is ``manage.py shell`` serving one sign-up with Django's test client, killed
(SIGKILL) while its thread waits on the SMTP server (a ``hold-`` address,
``tests/helpers/journal_email_backend.py``). The shown command is typed as cron would start
it. Ten minutes passing is played by moving the rows' ``created_at`` back.
"""

import json
import shlex

import pytest

from tests.test_snippets.how_to.diffs import project_diff, shown_diff
from tests.test_snippets.how_to.variants import differing_files
from tests.test_snippets.ladder import workers

PAGE = "how-to/find-lost-work.md"
PROJECT, BEFORE = "how_to/find_lost_work/thread_outbox", "how_to/thread_signup"
SWEEP = "python manage.py send_lost_welcome_emails"
SECRET = {"DJANGO_SECRET_KEY": "only-for-the-tests"}

# A web process that serves one sign-up, then exits as a server does when it stops.
SERVE_ONE_SIGNUP = """
import json
from django.test import Client

response = Client().post("/signup/", {{"username": {username!r}, "email": {email!r}}})
print(json.dumps({{"status": response.status_code}}), flush=True)
"""

OUTBOX = """
import json
from accounts.models import WelcomeEmail

print(json.dumps({
    welcome.user.email: welcome.sent_at is not None
    for welcome in WelcomeEmail.objects.select_related("user")
}))
"""

# Eleven minutes later, as far as the rows can tell.
AGE_THE_ROWS = """
from datetime import timedelta
from accounts.models import WelcomeEmail

for welcome in WelcomeEmail.objects.all():
    welcome.created_at -= timedelta(minutes=11)
    welcome.save(update_fields=["created_at"])
"""


def make_project(tmp_path):
    project = workers.ExampleProject(PROJECT, tmp_path, **SECRET)
    project.migrate()
    return project


def web_process(project, email: str):
    code = SERVE_ONE_SIGNUP.format(username=email.split("@")[0], email=email)
    return project.start(
        shlex.join(["python", "manage.py", "shell", "--no-imports", "-c", code]),
        "web.log",
    )


def outbox_rows(project) -> dict[str, bool]:
    """Each outbox row: the user's address, and whether it is marked sent."""
    return json.loads(project.shell(OUTBOX).strip().splitlines()[-1])


def sweep(project, expect_failure: bool = False) -> str:
    command = project.command(workers.shown_command(PAGE, SWEEP))
    if not expect_failure:
        return project.run(command).strip()
    try:
        project.run(command)
    except AssertionError as failure:
        return str(failure)
    raise AssertionError("the sweep exited 0")


def sent_count(project, email: str) -> int:
    return workers.outbox_lines(project.outbox).count(f"sent {email}")


def test_the_thread_sends_the_email_and_marks_the_row(tmp_path):
    project = make_project(tmp_path)
    email = workers.address("ada")
    with web_process(project, email) as web:
        assert web.wait_for_exit() == 0, web.log()  # the thread is not a daemon
    assert '{"status": 201}' in web.log()
    assert outbox_rows(project) == {email: True}
    project.shell(AGE_THE_ROWS)
    assert sweep(project) == "lost welcome emails sent: 0, failed: 0"
    assert sent_count(project, email) == 1


SEND_AGAIN = """
from accounts.models import WelcomeEmail
from accounts.views import send_welcome_email

send_welcome_email(WelcomeEmail.objects.get().user_id)
"""


def test_a_row_marked_sent_is_not_sent_again(tmp_path):
    project = make_project(tmp_path)
    email = workers.address("ada")
    with web_process(project, email) as web:
        assert web.wait_for_exit() == 0, web.log()
    project.shell(SEND_AGAIN)  # as a sweep that raced the thread would
    assert sent_count(project, email) == 1


@pytest.mark.parametrize("relative_dir", [BEFORE, PROJECT])
def test_a_signup_without_an_email_answers_400_and_sends_nothing(
    relative_dir, tmp_path
):
    project = workers.ExampleProject(relative_dir, tmp_path, **SECRET)
    project.migrate()
    status, body = project.post("/signup/", {"username": "ada"})
    assert (status, body) == (400, {"error": "send a username and an email"})
    assert workers.outbox_lines(project.outbox) == []


def test_an_email_lost_with_the_web_process_is_sent_once_by_the_sweep(tmp_path):
    project = make_project(tmp_path)
    hold = workers.address("hold")
    with web_process(project, hold) as web:
        workers.wait_until_started(project, hold, web, "the thread to send")
        web.kill()  # SIGKILL: the thread dies with the process
    workers.release(project.outbox)  # from now on the SMTP server answers
    assert outbox_rows(project) == {hold: False}, "the row outlived the process"
    # Signed up a moment ago: the sweep cannot tell it from a thread still sending.
    assert sweep(project) == "lost welcome emails sent: 0, failed: 0"
    project.shell(AGE_THE_ROWS)
    assert sweep(project) == "lost welcome emails sent: 1, failed: 0"
    assert outbox_rows(project) == {hold: True}
    assert sweep(project) == "lost welcome emails sent: 0, failed: 0", "once only"
    assert sent_count(project, hold) == 1


def test_an_email_the_smtp_server_refused_stays_for_the_next_sweep(tmp_path):
    project = make_project(tmp_path)
    down = workers.address("down")  # the SMTP server hangs up on every attempt
    with web_process(project, down) as web:
        assert web.wait_for_exit() == 0, web.log()
    assert workers.attempts(project.outbox, down) == 1, "the thread tried once"
    project.shell(AGE_THE_ROWS)
    failure = sweep(project, expect_failure=True)
    assert "exited 1" in failure
    assert "lost welcome emails sent: 0, failed: 1" in failure
    assert "SMTPServerDisconnected" in failure
    assert outbox_rows(project) == {down: False}
    sweep(project, expect_failure=True)
    assert workers.attempts(project.outbox, down) == 3, "each sweep tries again"


def test_the_page_shows_the_real_diff():
    assert shown_diff("find_lost_work/views.diff") == project_diff(
        BEFORE, PROJECT, "accounts/views.py"
    )


def test_the_rest_of_the_project_is_the_threads():
    assert differing_files(BEFORE, PROJECT) == [
        "accounts/management/commands/send_lost_welcome_emails.py",
        "accounts/migrations/0001_initial.py",
        "accounts/models.py",
        "accounts/views.py",
    ]


def test_the_migration_matches_the_model(tmp_path):
    project = make_project(tmp_path)
    printed = project.run("python manage.py makemigrations --check --dry-run")
    assert printed.strip() == "No changes detected"
