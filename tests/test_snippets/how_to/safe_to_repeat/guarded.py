"""What the tests of snippets/how_to/safe_to_repeat/ share: reading the guard's rows, the hold
points of ``holds.py``, and what the guarded projects change in their rung's."""

import json

from tests.test_snippets.ladder import workers

# The files a guarded project changes in its rung's project: the task, its model, its migration.
CHANGED_FILES = [
    "accounts/migrations/0001_initial.py",
    "accounts/models.py",
    "accounts/tasks.py",
]
# What ``makemigrations --check`` prints when the migrations match the models.
NO_MIGRATION_MISSING = "No changes detected"
MAKEMIGRATIONS_CHECK = "python manage.py makemigrations --check --dry-run"

# What the guarded task logs when it finds the row and sends nothing.
SKIPPED = "was sent before: skipped"

RECORDS = """
import json
from accounts.models import WelcomeEmail

print(json.dumps(list(WelcomeEmail.objects.values_list("user__email", flat=True))))
"""


def records(project) -> list[str]:
    """The addresses whose ``WelcomeEmail`` row exists."""
    return json.loads(project.shell(RECORDS).strip().splitlines()[-1])


def _holding_line(outbox, email: str, point: str) -> str | None:
    prefix = f"holding {email} {point} in process "
    return next(
        (line for line in workers.outbox_lines(outbox) if line.startswith(prefix)),
        None,
    )


def held(outbox, email: str, point: str) -> bool:
    """Whether a process stopped at ``point`` (``after-send``, ``after-record``) for ``email``."""
    return _holding_line(outbox, email, point) is not None


def held_pid(outbox, email: str, point: str) -> int:
    """The process that stopped at ``point`` for ``email``, once it did."""
    workers.wait_until(lambda: held(outbox, email, point), f"the hold {point}")
    return int(_holding_line(outbox, email, point).rsplit(" ", 1)[1])
