"""A deploy's stop, as the graceful-stop tests play it: SIGTERM, a grace period, then SIGKILL.

``docker stop`` and Kubernetes send SIGTERM to a container's main process, wait a grace period,
then kill every process left in it with SIGKILL; systemd does the same with ``KillMode=mixed``
(its default, ``control-group``, sends the SIGTERM to every process of the unit at once).
``stop_like_a_deploy`` does that to a worker started by ``workers.ExampleProject``: SIGTERM to
the process the command started, and, if it has not exited when the grace period ends, SIGKILL
to it and to every process descended from it (``workers.kill_everything``), as the end of a
container or a unit kills them all. (Its process group would not do: RQ's work horse leaves
it.) The tests use a grace period of a few seconds in place of the managers' tens of seconds:
what matters is whether the task ends before it does.
"""

import signal
import subprocess
import time
from dataclasses import dataclass

from tests.test_snippets.ladder import workers

# The grace period of the tests that let it run out: long enough for a worker to take the
# SIGTERM on a busy machine, short beside the managers' defaults (10 s to 90 s).
GRACE_SECONDS = 2


@dataclass(frozen=True)
class Stopped:
    exit_code: int  # the worker's own exit code, or -9 when the grace period ended it
    killed: bool  # True when the grace period ran out and SIGKILL ended the worker
    seconds: float  # from the SIGTERM to the worker's exit


def stop_like_a_deploy(
    worker: workers.Worker,
    grace: float = GRACE_SECONDS,
    acknowledged: str | None = None,
    then=None,
    stop_signal: signal.Signals = signal.SIGTERM,
) -> Stopped:
    """SIGTERM ``worker``; SIGKILL it and all it started if it still runs ``grace`` s later.

    ``stop_signal``: another signal in place of SIGTERM, for a worker whose graceful signal
    differs (Docker's ``STOPSIGNAL``, systemd's ``KillSignal=``).

    ``acknowledged``: a line the worker logs once it has taken the SIGTERM; the test waits
    for it, so that the kill, if it comes, comes to a worker that was stopping, not to one
    that had not seen the signal yet (on a busy machine the kill waits for the line, past
    the grace period if need be). ``then``: called once the signal is taken (the test lets
    the task end there, or sends a second signal).
    """
    signalled = time.monotonic()
    worker.process.send_signal(stop_signal)
    if acknowledged:
        workers.wait_until(
            lambda: acknowledged in worker.log(),
            f"the worker to log {acknowledged!r}",
            worker,
        )
    if then:
        then()
    left = grace - (time.monotonic() - signalled)
    try:
        exit_code = worker.process.wait(timeout=max(left, 0.01))
        killed = False
    except subprocess.TimeoutExpired:
        workers.kill_everything(worker.process.pid)
        exit_code = worker.process.wait(timeout=workers.WAIT_SECONDS)
        killed = True
    return Stopped(exit_code, killed, time.monotonic() - signalled)
