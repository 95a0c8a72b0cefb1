"""Test-only cron config for the RQ rung: the report of ``accounts/cron.py``, every second.

``snippets/ladder/rq/accounts/cron.py`` runs it daily at 9:00, which no test can wait for;
``test_rq.py`` starts the shown ``rqcron`` command with this module instead. No page shows it.
"""

from rq import cron

from accounts.tasks import send_signup_report

cron.register(send_signup_report, queue_name="default", interval=1)
