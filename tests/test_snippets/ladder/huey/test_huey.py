"""snippets/ladder/huey/: the sign-up project whose `python manage.py run_huey` sends the email.

Each test runs the project as its reader does (``workers.ExampleProject``) with the overlay
``huey_settings.py``, which keeps Huey's SQLite queue in the test's folder. The shown view
enqueues ``accounts.tasks.send_welcome_email`` after its commit, the consumer command the page
shows runs it, and the test reads Huey's queue back through ``manage.py shell``. The user's
address picks what the test email backend does (``tests/helpers/journal_email_backend.py``).
"""

import json
import signal
import time

import pytest

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.huey import huey_project
from tests.test_snippets.ladder.huey.huey_project import CONSUMER, PAGE

# The page's promise: what waits in the queue and in the schedule is one shell away.
QUEUE_STATE = """
import json
from huey.contrib.djhuey import HUEY
from huey.utils import utcnow
import accounts.tasks  # registers the task, so that the scheduled ones can be read back

def queue_state():
    scheduled = [
        {"retries": task.retries, "in_seconds": (task.eta - utcnow()).total_seconds()}
        for task in HUEY.scheduled()
    ]
    return {"pending": HUEY.pending_count(), "scheduled": scheduled}
"""
EMPTY = {"pending": 0, "scheduled": []}


def consumer(project, log_name: str = "consumer.log"):
    """The consumer command the page shows, running in the project's folder."""
    return project.start(workers.shown_command(PAGE, CONSUMER), log_name)


def last_json(printed: str):
    return json.loads(printed.strip().splitlines()[-1])


def queue(project) -> dict:
    return last_json(project.shell(QUEUE_STATE + "print(json.dumps(queue_state()))\n"))


def post_signup(project, data: dict) -> tuple[int, dict, dict]:
    """POST to the sign-up view (Django's test client); its status and JSON, then the queue."""
    return tuple(
        last_json(
            project.shell(
                QUEUE_STATE + "from django.test import Client\n"
                f"response = Client().post('/signup/', {data!r})\n"
                "print(json.dumps([response.status_code, json.loads(response.content),"
                " queue_state()]))\n"
            )
        )
    )


def sign_up(project, email: str) -> dict:
    """Sign a user up with this address; the queue afterwards."""
    status, body, state = post_signup(
        project, {"username": email.split("@")[0], "email": email}
    )
    assert status == 201, body
    return state


def test_consumer_sends_the_welcome_email(project):
    email = workers.address("ada")
    assert sign_up(project, email) == {"pending": 1, "scheduled": []}
    assert not workers.sent(project.outbox, email), "the view only enqueued it"
    with consumer(project) as worker:
        workers.wait_until(
            lambda: workers.sent(project.outbox, email), f"{email} to be sent", worker
        )


def test_signup_without_an_email_is_refused(project):
    status, body, state = post_signup(project, {"username": "ada"})
    assert (status, body) == (400, {"error": "send a username and an email"})
    assert state == EMPTY, "nothing enqueued"


def test_signup_enqueues_only_once_its_transaction_commits(project):
    # The view runs inside an outer transaction, as under ATOMIC_REQUESTS or a caller's
    # atomic(): its on_commit waits for the outer commit, and a rollback drops it.
    printed = project.shell(
        "import json\n"
        "from django.db import transaction\n"
        "from django.test import Client\n"
        "from huey.contrib.djhuey import HUEY\n"
        "seen = []\n"
        "for name, keep in [('rolled-back', False), ('committed', True)]:\n"
        "    with transaction.atomic():\n"
        "        email = f'{name}@example.com'\n"
        "        response = Client().post('/signup/', {'username': name, 'email': email})\n"
        "        seen.append([response.status_code, HUEY.pending_count()])\n"
        "        transaction.set_rollback(not keep)\n"
        "    seen.append(HUEY.pending_count())\n"
        "print(json.dumps(seen))\n"
    )
    rolled_back_inside, rolled_back_after, committed_inside, committed_after = (
        json.loads(printed.strip().splitlines()[-1])
    )
    assert rolled_back_inside == [201, 0] and rolled_back_after == 0
    assert committed_inside == [201, 0] and committed_after == 1


def test_failed_attempt_is_retried_a_minute_later(project):
    email = workers.address("down")
    sign_up(project, email)
    with consumer(project) as worker:
        workers.wait_until(
            lambda: workers.attempts(project.outbox, email) == 1,
            "a first attempt",
            worker,
        )
        workers.wait_until(
            lambda: queue(project)["scheduled"], "the retry to be scheduled", worker
        )
        [retry] = queue(project)["scheduled"]
    assert workers.attempts(project.outbox, email) == 1
    assert "SMTPServerDisconnected: attempt 1: the SMTP server hung up" in worker.log()
    assert retry["retries"] == 2, "three retries, one of them now scheduled"
    assert 50 < retry["in_seconds"] <= 60, "retry_delay=60 puts it a minute away"


@pytest.mark.shows("huey", "retries", outcome="retried")
def test_task_that_raises_is_retried_then_recorded_as_failed(project):
    email = workers.address("down")
    with consumer(project) as worker:
        huey_project.wait_ready(worker)
        printed = project.shell(
            "from django.contrib.auth.models import User\n"
            "from huey.exceptions import TaskException\n"
            "from accounts.tasks import send_welcome_email\n"
            f"user = User.objects.create_user('down', {email!r})\n"
            # Huey's schedule() overrides retry_delay for one call (its API docs), so
            # the retries go straight back to the queue instead of waiting the task's
            # 60 s; test_failed_attempt_is_retried_a_minute_later shows that wait.
            "result = send_welcome_email.schedule((user.pk,), delay=0, retry_delay=0)\n"
            "try:\n"
            f"    print('returned', result.get(blocking=True, timeout={workers.WAIT_SECONDS}))\n"
            "except TaskException as error:\n"
            "    print('TaskException', error, error.metadata['retries'])\n"
        )
    assert printed.strip().splitlines()[-1] == (
        "TaskException SMTPServerDisconnected('attempt 4: the SMTP server hung up') 0"
    ), "the result holds the last attempt's error, once no retry is left"
    assert workers.attempts(project.outbox, email) == 1 + 3
    logged = [
        f"SMTPServerDisconnected: attempt {n}: the SMTP" in worker.log()
        for n in range(1, 5)
    ]
    assert all(logged), "the consumer logs every failed attempt"


@pytest.mark.shows(
    "huey", "survives_graceful_stop", outcome="finished", variant="sigterm"
)
def test_sigterm_lets_the_running_task_finish(project):
    email = workers.address("hold")
    sign_up(project, email)
    with consumer(project) as worker:
        workers.wait_until_started(project, email, worker)
        worker.process.send_signal(signal.SIGTERM)
        workers.wait_until(
            lambda: "Shutting down gracefully" in worker.log(),
            "a graceful shutdown",
            worker,
        )
        assert worker.is_alive(), "the consumer waits for the running task"
        workers.release(project.outbox)
        assert worker.wait_for_exit() == 0, worker.log()
    assert workers.sent(project.outbox, email)


def test_sigterm_by_default_interrupts_the_running_task_and_loses_it(project):
    email = workers.address("hold")
    sign_up(project, email)
    # Huey's own default, which the shown settings change: INT is graceful, TERM is not.
    with project.start(f"{CONSUMER} --graceful-signal INT") as worker:
        workers.wait_until_started(project, email, worker)
        worker.process.send_signal(signal.SIGTERM)
        # The task still waits for its SMTP server: the consumer exits without it.
        worker.wait_for_exit()
    workers.release(project.outbox)
    assert "Shutting down gracefully" not in worker.log()
    assert queue(project) == EMPTY, "nothing is left to run it"
    assert not workers.sent(project.outbox, email)


@pytest.mark.shows("huey", "survives_worker_kill", outcome="lost")
def test_task_whose_consumer_is_killed_is_lost(project):
    email = workers.address("hold")
    sign_up(project, email)
    with consumer(project) as worker:
        workers.kill_task_process(project.outbox, email)
        worker.wait_for_exit()
    workers.release(project.outbox)
    later = workers.address("next")
    # Huey took the killed task off the queue when the consumer started it: the next
    # sign-up's task is the only one waiting.
    assert sign_up(project, later) == {"pending": 1, "scheduled": []}
    with consumer(project, "second-consumer.log") as worker:
        workers.wait_until(
            lambda: workers.sent(project.outbox, later), f"{later} to be sent", worker
        )
    assert workers.started_count(project.outbox, email) == 1
    assert not workers.sent(project.outbox, email)


def test_task_scheduled_with_a_delay_runs_after_it(project):
    email = workers.address("dan")
    delay = 2
    with consumer(project) as worker:
        huey_project.wait_ready(worker)
        printed = project.shell(
            "import time\n"
            "from django.contrib.auth.models import User\n"
            "from accounts.tasks import send_welcome_email\n"
            f"user = User.objects.create_user('dan', {email!r})\n"
            "print(time.time())\n"
            f"send_welcome_email.schedule((user.pk,), delay={delay})\n"
        )
        scheduled_at = float(printed.strip().splitlines()[-1])
        assert not workers.sent(project.outbox, email), "not before the delay"
        workers.wait_until(
            lambda: workers.sent(project.outbox, email), f"{email} to be sent", worker
        )
    assert time.time() - scheduled_at >= delay
