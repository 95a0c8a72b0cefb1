"""``python manage.py send_reminders``: email every user who has never logged in."""

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.core.management.base import BaseCommand

from background import default_pool, drain_on_sigterm, run_in_background


def send_reminder(user_id):
    user = User.objects.get(pk=user_id)
    message = f"Hello {user.username}, your account is ready: log in to start."
    send_mail("Your account is waiting", message, None, [user.email])


class Command(BaseCommand):
    help = "Email a reminder to every user who has never logged in, four at a time."

    def handle(self, *args, **options):
        # SIGTERM now ends the command like a normal exit: the pool drains first.
        drain_on_sigterm()
        for user_id in User.objects.filter(last_login=None).values_list(
            "pk", flat=True
        ):
            run_in_background(send_reminder, user_id)
        default_pool.wait()
