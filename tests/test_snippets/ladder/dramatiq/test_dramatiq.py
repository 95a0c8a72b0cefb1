"""snippets/ladder/dramatiq/: the sign-up project whose `python manage.py rundramatiq` sends the email.

Each test runs the project as its reader does (``workers.ExampleProject``): the shown view or
``manage.py shell`` sends ``accounts.tasks.send_welcome_email``'s message to RabbitMQ, and the
worker command the page shows runs it. The user's address picks what the test email backend
does (``tests/helpers/journal_email_backend.py``). The test reads the queues (ready, delayed,
dead-lettered) with a broker of its own.
"""

import ast
import signal
import time

import pytest
from dramatiq.common import compute_backoff
from dramatiq.middleware import Retries, TimeLimit, default_middleware

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.dramatiq.dramatiq_project import (
    PAGE,
    QUEUE,
    READY,
    WORKER,
)

pytestmark = pytest.mark.rabbitmq

MINUTE = 60 * 1000  # milliseconds, as Dramatiq counts
HOUR = 60 * MINUTE
DAY = 24 * HOUR
WEEK = 7 * DAY


def counts(broker) -> tuple[int, int, int]:
    """Messages waiting in the queue, in its delay queue, and in its dead-letter queue."""
    return broker.get_queue_message_counts(QUEUE)


SEND = """
from django.contrib.auth.models import User
from accounts.tasks import send_welcome_email

user = User.objects.create_user({username!r}, {email!r})
message = send_welcome_email.send_with_options(args=(user.pk,), **{options!r})
print(message.message_timestamp)
"""


def send(project, email: str, **options) -> int:
    """Create the user and send the shown actor's message with per-message ``options``.

    Returns the message's timestamp (milliseconds since the epoch).
    """
    printed = project.shell(
        SEND.format(username=email.split("@")[0], email=email, options=options)
    )
    return int(printed.strip().splitlines()[-1])


def test_settings_give_the_broker_the_shown_middleware(project):
    printed = project.shell(
        "import dramatiq\n"
        "print([type(m).__name__ for m in dramatiq.get_broker().middleware])\n"
    )
    names = ast.literal_eval(printed.strip())
    # Dramatiq's own default list, then django_dramatiq's connection middleware.
    assert names == [
        *(middleware.__name__ for middleware in default_middleware),
        "DbConnectionsMiddleware",
    ]
    assert "Retries" in names and "TimeLimit" in names


NO_MIDDLEWARE_LIST = """
import dramatiq
import django_dramatiq
from django.conf import settings
from django_dramatiq.apps import DjangoDramatiqConfig

settings.DRAMATIQ_BROKER = {
    key: value for key, value in settings.DRAMATIQ_BROKER.items() if key != "MIDDLEWARE"
}
DjangoDramatiqConfig("django_dramatiq", django_dramatiq)  # sets the broker up again
print(dramatiq.get_broker().middleware)
"""


def test_broker_set_up_without_a_middleware_list_has_no_middleware(project):
    # django_dramatiq passes the list as is, and an empty list replaces Dramatiq's defaults.
    assert project.shell(NO_MIDDLEWARE_LIST).strip() == "[]"


DELETE_THE_QUEUE_BETWEEN_TWO_SENDS = """
import dramatiq
import django_dramatiq
from django.conf import settings
from django_dramatiq.apps import DjangoDramatiqConfig

if not {confirm_delivery}:  # the test's variant: the broker's default
    settings.DRAMATIQ_BROKER["OPTIONS"]["confirm_delivery"] = False
    DjangoDramatiqConfig("django_dramatiq", django_dramatiq)  # sets the broker up again
from accounts.tasks import send_welcome_email

send_welcome_email.send(1)  # declares the queue
dramatiq.get_broker().channel.queue_delete("default")  # someone deletes it
send_welcome_email.send(2)
"""


@pytest.mark.parametrize(
    ("confirm_delivery", "waiting"), [(True, 1), (False, 0)], ids=["shown", "default"]
)
def test_confirm_delivery_keeps_a_message_whose_queue_went_missing(
    project, broker, confirm_delivery, waiting
):
    project.shell(
        DELETE_THE_QUEUE_BETWEEN_TWO_SENDS.format(confirm_delivery=confirm_delivery)
    )
    # The first message went with the deleted queue. With confirm_delivery, RabbitMQ
    # returns the second, and Dramatiq declares the queue again and sends it again;
    # without, RabbitMQ drops it and the send returns as if all went well.
    assert counts(broker) == (waiting, 0, 0)


def waits(retries: int, min_backoff: int, max_backoff: int) -> list[int]:
    """The waits before each retry, in milliseconds, drawn as the Retries middleware does."""
    return [
        compute_backoff(attempt, factor=min_backoff, max_backoff=max_backoff)[1]
        for attempt in range(retries)
    ]


def test_shown_retries_span_hours_where_the_defaults_span_weeks(project):
    options = project.shell(
        "from accounts.tasks import send_welcome_email\n"
        "print(send_welcome_email.options)\n"
    )
    shown = ast.literal_eval(options.strip())
    default = Retries()
    assert (default.max_retries, default.min_backoff) == (20, 15_000)
    assert default.max_backoff == 7 * DAY
    assert TimeLimit().time_limit == 10 * MINUTE
    assert shown == {
        "max_retries": 12,
        "max_backoff": 15 * MINUTE,
        "time_limit": MINUTE,
    }
    consumer_timeout = 30 * MINUTE  # RabbitMQ's default
    for _ in range(200):  # the waits are random: twice the least at most
        by_default = waits(20, default.min_backoff, default.max_backoff)
        assert 3 * WEEK < sum(by_default) < 7 * WEEK
        assert min(by_default[7:]) > consumer_timeout, "from the eighth retry on"
        assert max(by_default[:6]) < consumer_timeout, "the first six"
        shown_waits = waits(12, default.min_backoff, shown["max_backoff"])
        assert HOUR < sum(shown_waits) < 2 * HOUR + MINUTE
        assert max(shown_waits) <= 15 * MINUTE < consumer_timeout


def test_signup_message_waits_in_rabbitmq_until_rundramatiq_sends_the_email(
    project, broker
):
    email = workers.address("ada")
    workers.sign_up(project, email)
    workers.wait_until(lambda: counts(broker) == (1, 0, 0), "the message in the queue")
    assert not workers.sent(project.outbox, email), "the view only sent a message"
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until(
            lambda: workers.sent(project.outbox, email), "the email to be sent", worker
        )
        workers.wait_until(
            lambda: counts(broker) == (0, 0, 0), "the message to be acked", worker
        )
        assert "Discovered tasks module: 'accounts.tasks'" in worker.log()


def test_signup_without_an_email_answers_400_and_sends_nothing(project, broker):
    status, body = project.post("/signup/", {"username": "ada"})
    assert (status, body) == (400, {"error": "send a username and an email"})
    assert counts(broker) == (0, 0, 0)


@pytest.mark.shows("dramatiq", "retries", outcome="retried")
def test_task_that_raises_is_retried_then_dead_lettered(project, broker):
    down = workers.address(
        "down"
    )  # the email backend raises SMTPServerDisconnected for it
    # Per-message options, which the Retries middleware reads before the actor's: two
    # retries, 10 to 50 ms apart, so the test takes a second, not the shown two hours.
    send(project, down, max_retries=2, min_backoff=10, max_backoff=50)
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until(
            lambda: counts(broker) == (0, 0, 1),
            "the message to reach the dead-letter queue",
            worker,
        )
        # The main process passes its worker processes' log lines on a moment later.
        workers.wait_until(
            lambda: "Retries exceeded" in worker.log(), "the worker to log it", worker
        )
    assert workers.attempts(project.outbox, down) == 1 + 2


def test_actor_running_past_its_time_limit_is_interrupted(project, broker):
    hold = workers.address(
        "hold"
    )  # the email backend waits for a release that never comes
    # Per-message options, which the TimeLimit and Retries middleware read before the
    # actor's: one second instead of the shown minute, and no retry.
    send(project, hold, time_limit=1000, max_retries=0)
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until(
            lambda: counts(broker) == (0, 0, 1),
            "the interrupted message to reach the dead-letter queue",
            worker,
        )
        workers.wait_until(
            lambda: "TimeLimitExceeded" in worker.log(), "the worker to log it", worker
        )
    assert workers.started_count(project.outbox, hold) == 1
    assert not workers.sent(project.outbox, hold)


@pytest.mark.shows("dramatiq", "survives_worker_kill", outcome="re-run")
def test_task_whose_worker_process_is_killed_is_run_again(project, broker):
    hold = workers.address(
        "hold"
    )  # the email backend waits for workers.release() for it
    workers.sign_up(project, hold)
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        killed = workers.kill_task_process(project.outbox, hold)
        assert killed != worker.process.pid, (
            "a worker process, not the main one, ran it"
        )
        assert not workers.sent(project.outbox, hold)
        workers.release(project.outbox)  # from now on the SMTP server answers
        # The main process sees a worker process die, and stops the others and itself;
        # the other worker process first finishes what it holds, which on a busy machine
        # took longer than the usual 20 s wait.
        assert worker.wait_for_exit(timeout=90) != 0
        assert f"Worker with PID {killed} exited unexpectedly" in worker.log()
    # RabbitMQ put the unacknowledged message back at once: the other worker process ran
    # it if it still took messages; if not, the worker started next does.
    with project.start(
        workers.shown_command(PAGE, WORKER), log_name="second-worker.log"
    ) as worker:
        workers.wait_until(
            lambda: workers.sent(project.outbox, hold), "the email to be sent", worker
        )
        workers.wait_until(
            lambda: counts(broker) == (0, 0, 0), "the message to be acked", worker
        )
    assert workers.started_count(project.outbox, hold) == 2
    assert workers.outbox_lines(project.outbox).count(f"sent {hold}") == 1


def test_message_sent_with_a_delay_runs_after_it(project):
    email = workers.address("dan")
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        # Ready first: a message without a delay would be sent within a moment.
        workers.wait_until(lambda: READY in worker.log(), "the worker to start", worker)
        # Timed here, not from the file's mtime: some file systems keep whole seconds.
        before_sending = time.monotonic()
        send(project, email, delay=1500)
        workers.wait_until(
            lambda: workers.sent(project.outbox, email), "the email to be sent", worker
        )
    assert time.monotonic() - before_sending >= 1.5


@pytest.mark.shows(
    "dramatiq", "survives_graceful_stop", outcome="finished", variant="sigterm"
)
def test_sigterm_lets_the_running_task_finish_then_the_worker_exits(project):
    hold = workers.address("hold")
    workers.sign_up(project, hold)
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.wait_until_started(project, hold, worker)
        worker.process.send_signal(signal.SIGTERM)
        workers.wait_until(
            lambda: "Stopping worker process" in worker.log(),
            "the worker processes to take SIGTERM",
            worker,
        )
        assert worker.is_alive(), "the worker waits for its task"
        workers.release(project.outbox)
        assert worker.wait_for_exit() == 0, worker.log()
        # rundramatiq's own default, passed on to dramatiq: 10 minutes.
        assert "--worker-shutdown-timeout 600000" in worker.log()
    assert workers.sent(project.outbox, hold)
