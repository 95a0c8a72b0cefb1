"""``python manage.py send_lost_welcome_emails``: send the welcome emails whose
thread died with its process. Made to run on a schedule: cron or a systemd timer."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import WelcomeEmail
from accounts.views import send_welcome_email


class Command(BaseCommand):
    help = "Send the welcome emails still unsent some minutes after their sign-up."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=10,
            metavar="MINUTES",
            help="leave younger rows to their thread (default: 10 minutes)",
        )

    def handle(self, *args, older_than, **options):
        # A thread is done within seconds (the SMTP timeout is 10 s): a row still
        # unsent after minutes belongs to a thread that died with its process.
        signed_up_before = timezone.now() - timedelta(minutes=older_than)
        lost = WelcomeEmail.objects.filter(
            sent_at=None, created_at__lt=signed_up_before
        ).order_by("created_at")
        sent = failed = 0
        for user_id in lost.values_list("user_id", flat=True):
            try:
                send_welcome_email(user_id)
            except OSError as error:  # smtplib's errors are OSErrors too
                self.stderr.write(f"welcome email to user {user_id} failed: {error!r}")
                failed += 1
                continue
            sent += 1
        self.stdout.write(f"lost welcome emails sent: {sent}, failed: {failed}")
        if failed:
            # Exit status 1, with the reason in the log; the rows stay for the next run.
            raise CommandError(
                f"{failed} welcome emails failed; the next run tries again"
            )
