"""Send the welcome email with Huey, its queue kept in a SQLite file: no broker to run."""

import os

from huey import SqliteHuey

from snippets.ladder import welcome

huey = SqliteHuey(
    "welcome",
    filename=os.environ.get("HUEY_DATABASE", "huey-welcome.sqlite3"),
    # By default a retried task's result holds each attempt's error as it happens, so a
    # caller waiting on it sees the first failure, not the outcome after the retries.
    store_intermediate_errors=False,
)


@huey.task()
def send_welcome_email(address):
    return welcome.send_welcome_email(address)


@huey.task()
def send_welcome_email_when_released(address):
    return welcome.send_welcome_email_when_released(address)


# --8<-- [start:retry]
@huey.task(retries=2, retry_delay=0)
def send_welcome_email_or_fail(address, failures):
    return welcome.send_welcome_email_or_fail(address, failures)
# --8<-- [end:retry]
