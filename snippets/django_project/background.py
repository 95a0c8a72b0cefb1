"""Run short work in background threads of a Django process, the Django rules built in.

Copy this one file into your project. It is a bounded thread pool, not a task queue:
work lives in memory only, is never retried, and is lost if the process dies.

    from background import run_in_background
    run_in_background(send_welcome_email, user.pk)  # plain values, not model instances

* At most ``max_workers`` threads, named ``<name>_0``, ``<name>_1``, ...; an optional
  ``backlog`` bounds the tasks waiting or running (``submit`` raises ``BacklogFull``).
* Inside ``transaction.atomic()`` the task is queued when the transaction commits, and
  never if it rolls back.
* Each worker closes its database connections after every task.
* A task that raises is logged, with its traceback, on the ``background`` logger.
* Inline mode (``inline=True``, or ``BACKGROUND_INLINE = True`` in settings) runs tasks
  in the caller, for tests; there a task's exception propagates.
* At interpreter exit, and on SIGTERM once ``drain_on_sigterm()`` is called, each pool
  drains for at most ``exit_deadline`` seconds and logs what it could not finish.
"""

import atexit
import functools
import itertools
import logging
import math
import queue
import signal
import threading
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Model
from django.http import HttpRequest

logger = logging.getLogger("background")


class PoolClosed(RuntimeError):
    """Raised by ``submit`` after ``shutdown``."""


class BacklogFull(RuntimeError):
    """Raised by ``submit`` when ``backlog`` tasks are already waiting or running."""


@dataclass(frozen=True)
class ShutdownReport:
    finished: int  # tasks that ran to the end, failed ones included
    failed: int  # of those, how many raised
    unfinished: tuple[str, ...]  # names of tasks still running or never started, sorted


class _Task(NamedTuple):
    number: int
    name: str
    func: object
    args: tuple
    kwargs: dict


def _check_seconds(what, value):
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or math.isnan(value)
    ):
        raise TypeError(f"{what} must be a number of seconds, got {value!r}")
    if value < 0:
        raise ValueError(f"{what} must be >= 0 seconds, got {value!r}")


def _check_count(what, value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, got {value!r}")
    if value < 1:
        raise ValueError(f"{what} must be at least 1, got {value!r}")


def _task_name(func):
    inner = func.func if isinstance(func, functools.partial) else func
    module = getattr(inner, "__module__", "?")
    return f"{module}.{getattr(inner, '__qualname__', type(inner).__name__)}"


class BackgroundPool:
    def __init__(
        self,
        max_workers=4,
        name="background",
        inline=None,
        backlog=None,
        exit_deadline=10.0,
    ):
        _check_count("max_workers", max_workers)
        if backlog is not None:
            _check_count("backlog", backlog)
        _check_seconds("exit_deadline", exit_deadline)
        self.max_workers = max_workers
        self.name = name
        self.inline = inline
        self.backlog = backlog
        self._queue = queue.SimpleQueue()
        self._changed = threading.Condition()
        self._numbers = itertools.count()
        self._pending = {}  # number -> name, for every task queued or running
        self._threads = []
        self._finished = self._failed = 0
        self._closed = self._abandoned = False
        self._report = None
        atexit.register(self.shutdown, exit_deadline)

    def submit(self, func, /, *args, using=None, **kwargs):
        """Run ``func(*args, **kwargs)`` in a worker thread.

        If the connection ``using`` names (the default one when None) is inside
        ``atomic()``, the task is queued when the transaction commits.
        """
        if not callable(func):
            raise TypeError(f"submit() needs a callable, got {func!r}")
        for value in (*args, *kwargs.values()):
            if isinstance(value, (Model, HttpRequest)):
                raise TypeError(
                    "pass plain values to a background task, not "
                    f"{type(value).__name__} objects: a primary key instead of a "
                    "model instance, the data you need instead of the request"
                )
        task = _Task(next(self._numbers), _task_name(func), func, args, kwargs)
        self._check_open()
        if transaction.get_connection(using).in_atomic_block:
            transaction.on_commit(
                functools.partial(self._start_after_commit, task), using=using
            )
        else:
            self._start(task)

    def wait(self, timeout=None):
        """Block until no task is queued or running, or shutdown gave up on the rest.

        Returns False if ``timeout`` seconds pass first.
        """
        if timeout is not None:
            _check_seconds("timeout", timeout)
        with self._changed:
            return self._changed.wait_for(
                lambda: not self._pending or self._abandoned, timeout
            )

    def shutdown(self, deadline=10.0):
        """Refuse new tasks, let queued ones run for ``deadline`` s, report the rest."""
        _check_seconds("deadline", deadline)
        with self._changed:
            if self._report is None:
                self._closed = True
                if self._pending:
                    logger.info(
                        "pool %s draining %d tasks for up to %g s",
                        self.name,
                        len(self._pending),
                        deadline,
                    )
                self._changed.wait_for(lambda: not self._pending, deadline)
                self._abandoned = True  # workers skip whatever is still queued
                self._changed.notify_all()
                self._report = ShutdownReport(
                    self._finished, self._failed, tuple(sorted(self._pending.values()))
                )
                for _ in self._threads:
                    self._queue.put(None)
                # A pool that never started a thread has nothing to report.
                if self._threads:
                    self._log_report()
        return self._report

    def _log_report(self):
        report = self._report
        level = logging.WARNING if report.unfinished else logging.INFO
        logger.log(
            level,
            "pool %s shut down: %d finished (%d failed), %d unfinished: %s",
            self.name,
            report.finished,
            report.failed,
            len(report.unfinished),
            list(report.unfinished),
        )

    def _check_open(self):
        if self._closed:
            raise PoolClosed(
                f"background pool {self.name!r} is shut down; it accepts no new tasks"
            )

    def _inline(self):
        if self.inline is not None:
            return self.inline
        return getattr(settings, "BACKGROUND_INLINE", False)

    def _start_after_commit(self, task):
        try:
            self._start(task)
        except (PoolClosed, BacklogFull) as refusal:
            # The transaction has committed: there is no caller left to raise to.
            logger.error("task %s dropped after commit: %s", task.name, refusal)

    def _start(self, task):
        if self._inline():
            task.func(*task.args, **task.kwargs)
            return
        with self._changed:
            self._check_open()
            if self.backlog is not None and len(self._pending) >= self.backlog:
                raise BacklogFull(
                    f"background pool {self.name!r} already holds {self.backlog} tasks"
                )
            self._pending[task.number] = task.name
            if not self._threads:
                for index in range(self.max_workers):
                    # Daemon threads: a task stuck past the deadline cannot hold the
                    # interpreter's exit.
                    thread = threading.Thread(
                        target=self._work, name=f"{self.name}_{index}", daemon=True
                    )
                    thread.start()
                    self._threads.append(thread)
            self._queue.put(task)

    def _work(self):
        while (task := self._queue.get()) is not None:
            with self._changed:
                if self._abandoned:
                    continue
            failed = False
            try:
                task.func(*task.args, **task.kwargs)
            except Exception:
                failed = True
                logger.exception("task %s failed", task.name)
            finally:
                connections.close_all()  # this thread's connections only
                with self._changed:
                    del self._pending[task.number]
                    self._finished += 1
                    self._failed += failed
                    self._changed.notify_all()


def _exit_on_signal(signum, frame):
    # Unwinds the main thread; atexit then drains every pool.
    raise SystemExit(128 + signum)


def drain_on_sigterm():
    """Make SIGTERM a normal interpreter exit, so pools drain.

    Call it from the main thread, and not under gunicorn, which owns the signals.
    """
    signal.signal(signal.SIGTERM, _exit_on_signal)


default_pool = BackgroundPool()


def run_in_background(func, /, *args, **kwargs):
    """Submit to the default pool (4 workers); see ``BackgroundPool.submit``."""
    default_pool.submit(func, *args, **kwargs)
