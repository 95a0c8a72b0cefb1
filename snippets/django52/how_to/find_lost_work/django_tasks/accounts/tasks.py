"""The sign-up's background work; `python manage.py db_worker` runs it."""

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django_tasks import task


@task
def send_welcome_email(user_id):
    user = User.objects.get(pk=user_id)
    send_mail("Welcome", f"Hello {user.username}, welcome aboard!", None, [user.email])
