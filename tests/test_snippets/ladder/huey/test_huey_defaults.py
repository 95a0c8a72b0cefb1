"""snippets/ladder/huey/: what each signal does to the consumer and its running task.

Huey's consumer options default to ``graceful_signal="INT"`` and ``shutdown_timeout=None``;
the shown settings swap the signals (``"graceful_signal": "TERM"``). The first test reads both
from the installed Huey in the project; the others run the consumer command the page shows
(``workers.ExampleProject``, with ``huey_settings.py``: Huey's SQLite file in the test's folder)
and signal it while a task waits on its SMTP server: ``hold-`` addresses wait for
``workers.release()`` (``tests/helpers/journal_email_backend.py``). ``test_huey.py`` shows the
first SIGTERM, with the shown settings and with Huey's default.
"""

import json
import signal

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.huey import huey_project
from tests.test_snippets.ladder.huey.huey_project import CONSUMER, PAGE, READY

READ_THE_OPTIONS = """
import json
from django.conf import settings
from huey.consumer_options import config_defaults

defaults = dict(config_defaults)
print(json.dumps([
    defaults["graceful_signal"],
    defaults["shutdown_timeout"],
    settings.HUEY["consumer"].get("graceful_signal"),
    settings.HUEY["consumer"].get("shutdown_timeout"),
]))
"""


def test_installed_huey_waits_on_sigint_without_a_time_limit_by_default(project):
    printed = json.loads(project.shell(READ_THE_OPTIONS).strip().splitlines()[-1])
    # Huey's defaults, then the shown settings: TERM is graceful, no time limit on it.
    assert printed == ["INT", None, "TERM", None]


def test_second_sigterm_interrupts_the_running_task_and_loses_it(project):
    email = workers.address("hold")
    with project.start(workers.shown_command(PAGE, CONSUMER)) as worker:
        workers.start_holding(project, worker, email)
        worker.process.send_signal(signal.SIGTERM)
        workers.wait_until(
            lambda: "Shutting down gracefully" in worker.log(),
            "a graceful shutdown",
            worker,
        )
        worker.process.send_signal(
            signal.SIGTERM
        )  # an impatient deploy, or Ctrl-C twice
        worker.wait_for_exit()
    workers.release(project.outbox)
    assert "Received request to shut down now." in worker.log()
    assert not workers.sent(project.outbox, email)
    assert huey_project.pending(project) == 0, "nothing is left to run it"


def test_sigint_interrupts_the_running_task_once_term_is_the_graceful_signal(project):
    email = workers.address("hold")
    with project.start(workers.shown_command(PAGE, CONSUMER)) as worker:
        workers.start_holding(project, worker, email)
        worker.process.send_signal(signal.SIGINT)  # Ctrl-C in a terminal
        worker.wait_for_exit()
    workers.release(project.outbox)
    assert "Shutting down gracefully" not in worker.log()
    assert not workers.sent(project.outbox, email)
    assert huey_project.pending(project) == 0


def test_sighup_lets_the_running_task_finish_then_the_consumer_restarts(project):
    email = workers.address("hold")
    with project.start(workers.shown_command(PAGE, CONSUMER)) as worker:
        workers.start_holding(project, worker, email)
        worker.process.send_signal(signal.SIGHUP)
        workers.wait_until(
            lambda: "Shutting down gracefully" in worker.log(),
            "a graceful shutdown",
            worker,
        )
        assert worker.is_alive(), "the consumer waits for the running task"
        workers.release(project.outbox)
        workers.wait_until(
            lambda: worker.log().count(READY) == 2,
            "the consumer to start again",
            worker,
        )
        assert "Consumer will restart." in worker.log()
        # The same process, started again in place (exec): it runs the next task.
        workers.send_and_wait(project, worker)
        assert worker.is_alive()
    assert workers.sent(project.outbox, email)
