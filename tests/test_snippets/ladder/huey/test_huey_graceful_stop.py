"""snippets/ladder/huey/: a deploy stops `python manage.py run_huey` while a task runs.

The project runs as its reader runs it (``workers.ExampleProject``, with ``huey_settings.py``:
Huey's SQLite file in the test's folder); a ``hold-`` address keeps the task in the middle of
its email until ``workers.release()`` (``tests/helpers/journal_email_backend.py``).
``graceful_stop`` stops the consumer as a deploy does: a signal, then SIGKILL once the grace
period is over.

Shown elsewhere, and cited beside this module in ``docs/decide/options.yml``: with the shown
settings (``"graceful_signal": "TERM"``) SIGTERM lets the task finish; with Huey's default,
SIGTERM interrupts it and loses it (``test_huey.py``); a second SIGTERM, or SIGINT, interrupts
it (``test_huey_defaults.py``).
"""

import signal

import pytest

from tests.test_snippets.ladder import graceful_stop, workers
from tests.test_snippets.ladder.huey import huey_project
from tests.test_snippets.ladder.huey.huey_project import CONSUMER, PAGE

STOPPING = "Shutting down gracefully"


@pytest.mark.shows(
    "huey", "survives_graceful_stop", outcome="lost", variant="past_grace"
)
def test_task_still_running_when_the_grace_period_ends_is_killed_and_lost(project):
    hold = workers.address("hold")
    with project.start(workers.shown_command(PAGE, CONSUMER)) as worker:
        workers.start_holding(project, worker, hold)
        stopped = graceful_stop.stop_like_a_deploy(worker, acknowledged=STOPPING)
    assert stopped.killed, "the consumer waited for its task until the SIGKILL"
    workers.release(project.outbox)
    # Huey took the task off its queue when it started it: nothing is left to run it.
    assert huey_project.pending(project) == 0
    with project.start(
        workers.shown_command(PAGE, CONSUMER), log_name="second-consumer.log"
    ) as worker:
        workers.send_and_wait(project, worker)
    assert workers.started_count(project.outbox, hold) == 1
    assert not workers.sent(project.outbox, hold)


def test_with_hueys_default_signals_sigint_lets_the_running_task_finish(project):
    hold = workers.address("hold")
    # Huey's own default, which the shown settings swap: SIGINT is the graceful signal.
    with project.start(f"{CONSUMER} --graceful-signal INT") as worker:
        workers.start_holding(project, worker, hold)

        def let_the_task_end():
            assert worker.is_alive(), "the consumer waits for its task"
            assert not workers.sent(project.outbox, hold)
            workers.release(project.outbox)

        stopped = graceful_stop.stop_like_a_deploy(
            worker,
            grace=workers.WAIT_SECONDS,
            acknowledged=STOPPING,
            then=let_the_task_end,
            stop_signal=signal.SIGINT,
        )
    assert (stopped.killed, stopped.exit_code) == (False, 0), worker.log()
    assert workers.sent(project.outbox, hold)
