"""The background helper (snippets/django_project/background.py) under Granian: whether its
drain at exit runs when Granian stops, and what bounds it.

Granian serves the example project's ``signup_project/asgi.py`` with the command the how-to
page shows; the sync sign-up view hands the welcome email to ``run_in_background`` (Django
runs a sync view in a thread under ASGI). The ``hold-`` address keeps the email in flight
until the test releases it (``asgi_servers.held_signup``). Granian's main process sends
SIGTERM to its worker on SIGTERM or SIGINT; the worker leaves its loop and its process exits
through ``multiprocessing``'s exit path for a forked child. From Python 3.13 that path runs
the ``atexit`` handlers the child registered (CPython gh-83856), so the helper's drain runs, for
up to its ``exit_deadline`` (10 s), unless ``--workers-kill-timeout`` ends the worker first.
Before 3.13 it ends the child with ``os._exit`` and no handler runs: the helper never drains,
and its task is lost. ``make test`` (Python 3.13) shows the one, ``make test DJANGO=5.2``
(Python 3.12) the other.
"""

import signal
import sys

import pytest

from tests.test_snippets.ladder import asgi_servers, web_server, workers

HOW_TO_PAGE = "how-to/stop-asgi-servers.md"
PROJECT = "django_project"
PRODUCTION = workers.shown_command(
    HOW_TO_PAGE,
    "granian --interface asgi --workers-kill-timeout 30 signup_project.asgi:application",
)
KILLING = "Killing worker-1 after it refused to gracefully stop"
ATEXIT_IN_FORKED_CHILDREN = sys.version_info >= (3, 13)
needs_atexit_in_forked_children = pytest.mark.skipif(
    not ATEXIT_IN_FORKED_CHILDREN,
    reason="before Python 3.13 Granian's worker never runs atexit; "
    "test_before_python_313_a_stop_loses_the_helpers_task shows it (make test DJANGO=5.2)",
)


@needs_atexit_in_forked_children
@pytest.mark.parametrize(
    "stop_signal",
    [signal.SIGTERM, signal.SIGINT],
    ids=lambda stop_signal: stop_signal.name,
)
def test_a_stop_signal_lets_the_helper_drain_before_granian_exits(
    tmp_path, stop_signal
):
    with asgi_servers.held_signup(tmp_path, PROJECT, PRODUCTION) as held:
        # A thread of Granian's worker process runs the email.
        assert web_server.parent_pid(held.sender) == held.server.process.pid
        stopped = asgi_servers.stop_and_let_the_email_end(
            held,
            stop_signal,
            asgi_servers.GRANIAN_STOPPING,
            also_logged=[asgi_servers.HELPER_DRAINING],
        )
        assert (stopped.killed, stopped.exit_code) == (False, 0), held.server.log()
        assert held.sent()
        assert asgi_servers.HELPER_DRAINED in held.server.log()


@needs_atexit_in_forked_children
def test_the_workers_kill_timeout_ends_the_drain_and_the_email_is_lost(tmp_path):
    kill_timeout = 1  # the shortest Granian accepts, under the helper's 10 s
    # The environment variable in place of the shown option, which would win over it.
    command = PRODUCTION.replace(" --workers-kill-timeout 30", "")
    with asgi_servers.held_signup(
        tmp_path, PROJECT, command, GRANIAN_WORKERS_KILL_TIMEOUT=str(kill_timeout)
    ) as held:
        stopped = asgi_servers.stop_without_waiting(held, signal.SIGTERM)
        assert (stopped.killed, stopped.exit_code) == (False, 0)
        assert kill_timeout <= stopped.seconds < kill_timeout + 5
        log = held.server.log()
        assert KILLING in log
        assert asgi_servers.HELPER_DRAINING in log  # the drain had begun
        assert asgi_servers.HELPER_DRAINED not in log
        assert not held.sent()


@pytest.mark.skipif(
    ATEXIT_IN_FORKED_CHILDREN,
    reason="Python 3.13 runs atexit in a forked child; "
    "make test DJANGO=5.2 runs this on Python 3.12",
)
def test_before_python_313_a_stop_loses_the_helpers_task(tmp_path):
    with asgi_servers.held_signup(tmp_path, PROJECT, PRODUCTION) as held:
        stopped = asgi_servers.stop_without_waiting(held, signal.SIGTERM)
        assert (stopped.killed, stopped.exit_code) == (False, 0), held.server.log()
        assert (
            asgi_servers.HELPER_REPORT not in held.server.log()
        )  # no drain, no report
        assert not held.sent()
