"""Test-only parts that stop the welcome task just after the send or just after the record.

The test settings (``dramatiq_settings.py``, ``celery_settings.py``) install both, so the
shown task stays as the reader pastes it. ``HOLD_WELCOME_EMAIL`` in the environment names
the point; the process that reaches it writes ``holding <address> <point> in process
<pid>`` to the email journal, then waits, so that the test can kill it there:

* ``after-send``: the SMTP server has taken the email (``sent <address>`` is in the
  journal), and the task has not written its record or returned. ``HoldAfterSendBackend``,
  the journal email backend of ``tests/helpers/journal_email_backend.py`` with this stop
  added, holds it; it works for any task, the rung's own too.
* ``after-record``: the ``WelcomeEmail`` row is written and committed, and the task has
  not returned, so the broker has not been told that the message is done. ``HoldsConfig``,
  a Django app, holds it in a ``post_save`` receiver, in projects that have the model.

Only the first time for each address: a later run of the task goes through, so the test
sees what the next delivery does.
"""

import os
import time

from django.apps import AppConfig, apps
from django.db import transaction
from django.db.models.signals import post_save

from tests.helpers import journal_email_backend
from tests.helpers.journal_email_backend import JournalBackend

POINT_ENV = "HOLD_WELCOME_EMAIL"
HOLD_LIMIT_SECONDS = 20  # the test kills the process long before


def _hold(address: str, point: str) -> None:
    if os.environ.get(POINT_ENV) != point:
        return
    journal = journal_email_backend.journal_path()
    prefix = f"holding {address} "
    lines = journal.read_text().splitlines() if journal.exists() else []
    if any(line.startswith(prefix) for line in lines):
        return  # held once already: this is the next delivery
    with journal.open("a") as file:
        file.write(f"{prefix}{point} in process {os.getpid()}\n")
    time.sleep(HOLD_LIMIT_SECONDS)
    raise TimeoutError(f"nobody killed process {os.getpid()} {point}")


class HoldAfterSendBackend(JournalBackend):
    def send_messages(self, email_messages):
        count = super().send_messages(email_messages)
        for message in email_messages:
            for address in message.recipients():
                _hold(address, "after-send")
        return count


def hold_after_the_record(sender, instance, created, **kwargs):
    if created:
        # Once the row is committed (at once, outside a transaction).
        transaction.on_commit(lambda: _hold(instance.user.email, "after-record"))


class HoldsConfig(AppConfig):
    name = "tests.test_snippets.how_to.safe_to_repeat.holds"
    label = "safe_to_repeat_holds"

    def ready(self):
        try:
            model = apps.get_model("accounts", "WelcomeEmail")
        except LookupError:
            return  # the rung's own project: it keeps no record
        post_save.connect(hold_after_the_record, sender=model)
