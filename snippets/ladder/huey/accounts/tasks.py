"""The sign-up's background work; `python manage.py run_huey` runs it."""

from django.contrib.auth.models import User
from django.core.mail import send_mail
from huey.contrib.djhuey import db_task


# db_task closes the consumer's database connection around each run. A failure (an SMTP
# server that hangs up) is tried again a minute later, three times at most.
@db_task(retries=3, retry_delay=60)
def send_welcome_email(user_id):
    user = User.objects.get(pk=user_id)
    send_mail("Welcome", f"Hello {user.username}, welcome aboard!", None, [user.email])
