"""The one task every rung of the ladder runs: send the welcome email.

The SMTP call is simulated: a few milliseconds of waiting, then a line in the
"outbox" file named by the ``WELCOME_OUTBOX`` environment variable. A file is
something every worker process can write and a test in another process can read.
"""

import os
import time
from pathlib import Path
from smtplib import SMTPServerDisconnected

SMTP_ROUND_TRIP_SECONDS = 0.005
# How long a held task waits for its release file before giving up.
HOLD_LIMIT_SECONDS = 10


def outbox() -> Path:
    try:
        return Path(os.environ["WELCOME_OUTBOX"])
    except KeyError:
        raise RuntimeError("set WELCOME_OUTBOX to the file where sent emails are recorded") from None


def record(line: str) -> None:
    with outbox().open("a") as file:
        file.write(line + "\n")


def send_welcome_email(address: str) -> str:
    time.sleep(SMTP_ROUND_TRIP_SECONDS)
    record(f"sent {address}")
    return address


def send_welcome_email_when_released(address: str) -> str:
    """Record that it started, then wait until ``<outbox>.release`` exists.

    A fault test uses the pause to kill the worker in the middle of the task.
    """
    record(f"started {address} in process {os.getpid()}")
    release = outbox().with_suffix(".release")
    deadline = time.monotonic() + HOLD_LIMIT_SECONDS
    while not release.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{release} did not appear within {HOLD_LIMIT_SECONDS} s")
        time.sleep(0.01)
    return send_welcome_email(address)


def send_welcome_email_or_fail(address: str, failures: int) -> str:
    """Fail the first ``failures`` attempts, as a flaky SMTP server would."""
    attempt = sum(line.startswith(f"attempt {address}") for line in read_outbox()) + 1
    record(f"attempt {address} {attempt}")
    if attempt <= failures:
        raise SMTPServerDisconnected(f"attempt {attempt}: the SMTP server hung up")
    return send_welcome_email(address)


def read_outbox() -> list[str]:
    path = outbox()
    return path.read_text().splitlines() if path.exists() else []
