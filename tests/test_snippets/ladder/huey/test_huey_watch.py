"""snippets/ladder/huey/accounts/management/commands/queue_status.py, run against a real Huey
queue in SQLite: `python manage.py queue_status` counts what waits, what is scheduled and what
failed (docs/how-to/watch-the-queue.md).

The project runs as its reader runs it (``workers.ExampleProject``, the overlay
``huey_settings.py`` keeping Huey's file in the test's folder). A real consumer fails one task
for good (a ``down-`` address, its retries sent back at once) and a second one once, whose retry
then waits its minute in the schedule (with the rung's ``store_intermediate_errors: False``, that
first failure leaves no error in the result store); the consumer stops (SIGTERM, graceful with
these settings). Then, with no consumer running, three sign-ups wait, and a task sent with a five
minutes' delay waits with them.
"""

import signal

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.huey import huey_project
from tests.test_snippets.ladder.huey.huey_project import CONSUMER

PAGE = "how-to/watch-the-queue.md"
STATUS = "python manage.py queue_status"

# The task's retries without their minute's wait (schedule() overrides retry_delay).
FAIL_FOR_GOOD = """
from django.contrib.auth.models import User
from accounts.tasks import send_welcome_email
user = User.objects.create_user("dora", {email!r})
send_welcome_email.schedule((user.pk,), delay=0, retry_delay=0)
"""
SIGN_UP_THREE = """
from django.test import Client
for name in ("ann", "bea", "cat"):
    response = Client().post("/signup/", {"username": name, "email": f"{name}@example.com"})
    assert response.status_code == 201, response.content
"""
SCHEDULE_ONE = """
from django.contrib.auth.models import User
from accounts.tasks import send_welcome_email
user = User.objects.create_user("dan", "dan@example.com")
send_welcome_email.schedule((user.pk,), delay=300)
"""


def status(project) -> dict[str, str]:
    """What ``queue_status`` printed, line by line, as ``{label: value}``."""
    printed = project.run(workers.shown_command(PAGE, STATUS))
    return dict(line.split(": ", 1) for line in printed.strip().splitlines())


def test_queue_status_counts_waiting_scheduled_and_failed_tasks(tmp_path):
    project = huey_project.make_project(tmp_path)
    assert status(project) == {"waiting": "0", "scheduled": "0", "failed": "0"}

    for_good, once = workers.address("down"), workers.address("down")
    with project.start(CONSUMER) as consumer:
        project.shell(FAIL_FOR_GOOD.format(email=for_good))
        workers.sign_up(project, once)
        workers.wait_until(
            lambda: (
                workers.attempts(project.outbox, for_good) == 1 + 3
                and workers.attempts(project.outbox, once) == 1
            ),
            "four failed attempts, and one",
            consumer,
        )
        # Graceful with these settings: what runs ends, and its outcome is stored.
        consumer.process.send_signal(signal.SIGTERM)
        assert consumer.wait_for_exit() == 0, consumer.log()

    project.shell(SIGN_UP_THREE)
    assert status(project) == {"waiting": "3", "scheduled": "1", "failed": "1"}
    # Read with preserve=True, the failure stays in the result store.
    assert status(project)["failed"] == "1"
    # A task sent with a delay waits in the queue until a consumer takes it and,
    # finding it early, moves it to the schedule.
    project.shell(SCHEDULE_ONE)
    assert status(project) == {"waiting": "4", "scheduled": "1", "failed": "1"}
