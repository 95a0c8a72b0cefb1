"""``python manage.py remind_users``: one reminder to each user who signed up over a day
ago and has never logged in. Made to run on a schedule: cron or a systemd timer."""

import signal
import sys
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.models import Reminder
from reminders.run_lock import LockHeld, run_lock


def exit_on_sigterm(signum, frame):
    # A normal exit instead of an abrupt one: `finally` blocks run and free the lock.
    sys.exit(128 + signum)


class Command(BaseCommand):
    help = (
        "Email one reminder to each user who signed up a day ago and never logged in."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--lock-expires-after",
            type=int,
            default=3600,
            metavar="SECONDS",
            help="how long a killed run's lock still counts (default: an hour)",
        )

    def handle(self, *args, lock_expires_after, **options):
        signal.signal(signal.SIGTERM, exit_on_sigterm)
        try:
            with run_lock("remind_users", timedelta(seconds=lock_expires_after)):
                sent, failed = self.remind_due_users()
        except LockHeld as held:
            self.stdout.write(f"{held}; this run does nothing")
            return
        self.stdout.write(f"reminders sent: {sent}, failed: {failed}")
        if failed:
            # Exit status 1, with the reason in the log; systemd marks the run failed.
            raise CommandError(f"{failed} reminders failed; the next run tries again")

    def remind_due_users(self):
        signed_up_before = timezone.now() - timedelta(days=1)
        due = User.objects.filter(
            last_login=None, date_joined__lte=signed_up_before, reminder=None
        ).order_by("pk")
        sent = failed = 0
        for user in due:
            try:
                send_mail(
                    "Your account is waiting",
                    f"Hello {user.username}, your account is ready: log in to start.",
                    None,
                    [user.email],
                )
            except OSError as error:  # smtplib's errors are OSErrors too
                self.stderr.write(f"reminder to {user.email} failed: {error!r}")
                failed += 1
                continue
            # Recorded after the email: a run killed in between sends it again next
            # time, rather than never.
            Reminder.objects.create(user=user)
            sent += 1
        return sent, failed
