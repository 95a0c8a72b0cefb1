"""The one way the tests wait: poll a condition, never sleep a fixed time.

A passing test waits only as long as the thing it waits for takes; a failing one fails after
``WAIT_SECONDS`` with what it waited for, and whatever the caller can add (a worker's log).
"""

import time
from collections.abc import Callable

# Long enough for a cold worker start on a 2-core machine running three test processes and
# a second Django's suite (CI once saw a Dramatiq worker take over 20 s to its first task);
# polled, so a passing test does not wait it out.
WAIT_SECONDS = 60
POLL_SECONDS = 0.02


def wait_until(
    condition: Callable[[], object],
    what: str,
    timeout: float = WAIT_SECONDS,
    details: Callable[[], str] = lambda: "",
) -> None:
    """Poll ``condition`` until it is true; after ``timeout`` s fail, naming ``what``, then ``details()``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            extra = details()
            raise AssertionError(
                f"waited {timeout} s for {what}" + (f"\n{extra}" if extra else "")
            )
        time.sleep(POLL_SECONDS)
