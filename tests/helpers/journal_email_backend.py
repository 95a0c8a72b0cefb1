"""A test-only email backend: writes each email to a journal file instead of an SMTP server.

A worker in another process sends the email; the test reads the journal. The recipient's
address plays the SMTP server's mood, so that the shown task stays the production task:

* ``hold-…@…``: the server answers slowly. The backend writes ``started <address> in process
  <pid>``, then waits until ``<journal>.release`` exists, so a test can stop or kill the worker
  in the middle of the task.
* ``down-…@…``: the server keeps hanging up. Each attempt writes ``attempt <address> <n>`` and
  raises ``SMTPServerDisconnected``.
* ``refused-…@…``: nothing listens on the SMTP port. Each attempt writes ``attempt <address> <n>``
  and raises ``ConnectionRefusedError``, as smtplib does then: an ``OSError``, not an
  ``SMTPException``.
* any other address: ``sent <address>``.
"""

import os
import time
from pathlib import Path
from smtplib import SMTPServerDisconnected

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

HOLD_LIMIT_SECONDS = 20


def journal_path() -> Path:
    """The journal the settings name: in MAILERS' OPTIONS on Django 6.1; on 5.2, which has
    no MAILERS and builds the backend from EMAIL_BACKEND alone, in EMAIL_JOURNAL."""
    if hasattr(settings, "EMAIL_JOURNAL"):
        return Path(settings.EMAIL_JOURNAL)
    return Path(settings.MAILERS["default"]["OPTIONS"]["journal"])


class JournalBackend(BaseEmailBackend):
    def __init__(self, *, journal=None, **kwargs):
        super().__init__(**kwargs)
        self.journal = Path(journal) if journal else journal_path()

    def send_messages(self, email_messages):
        for message in email_messages:
            for address in message.recipients():
                self._deliver(address)
        return len(email_messages)

    def _deliver(self, address):
        local_part = address.partition("@")[0]
        if local_part.startswith("down-"):
            attempt = self._count(f"attempt {address} ") + 1
            self._write(f"attempt {address} {attempt}")
            raise SMTPServerDisconnected(f"attempt {attempt}: the SMTP server hung up")
        if local_part.startswith("refused-"):
            attempt = self._count(f"attempt {address} ") + 1
            self._write(f"attempt {address} {attempt}")
            raise ConnectionRefusedError(111, f"attempt {attempt}: Connection refused")
        if local_part.startswith("hold-"):
            self._write(f"started {address} in process {os.getpid()}")
            self._wait_for_release()
        self._write(f"sent {address}")

    def _wait_for_release(self):
        release = self.journal.with_suffix(".release")
        deadline = time.monotonic() + HOLD_LIMIT_SECONDS
        while not release.exists():
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{release} did not appear within {HOLD_LIMIT_SECONDS} s"
                )
            time.sleep(0.01)

    def _count(self, prefix):
        if not self.journal.exists():
            return 0
        return sum(
            line.startswith(prefix) for line in self.journal.read_text().splitlines()
        )

    def _write(self, line):
        with self.journal.open("a") as journal:
            journal.write(line + "\n")
