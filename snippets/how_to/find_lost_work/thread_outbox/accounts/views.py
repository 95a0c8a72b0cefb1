"""The sign-up view: it creates the user and the welcome email's outbox row, then a
thread sends the email."""

import threading

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import connection, transaction
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .models import WelcomeEmail


def send_welcome_email(user_id):
    welcome = WelcomeEmail.objects.select_related("user").get(user_id=user_id)
    if welcome.sent_at is not None:
        return  # sent already, by the thread or by an earlier sweep
    user = welcome.user
    send_mail("Welcome", f"Hello {user.username}, welcome aboard!", None, [user.email])
    # Marked once the SMTP server has taken the email. A crash before this line leaves
    # the row unsent, and the sweep sends the email again.
    welcome.sent_at = timezone.now()
    welcome.save(update_fields=["sent_at"])


def send_welcome_email_in_thread(user_id):
    try:
        send_welcome_email(user_id)
    finally:
        # The thread opened a database connection of its own; nothing else closes it.
        connection.close()


@require_POST
def signup(request):
    username, email = request.POST.get("username"), request.POST.get("email")
    if not username or not email:
        return JsonResponse({"error": "send a username and an email"}, status=400)
    with transaction.atomic():
        user = User.objects.create_user(username, email)
        # Committed with the user, before any thread starts: if the process dies
        # before the thread is done, this row still says an email is owed.
        WelcomeEmail.objects.create(user=user)
        thread = threading.Thread(target=send_welcome_email_in_thread, args=(user.pk,))
        # Started after the commit only: the thread then finds the user's row.
        transaction.on_commit(thread.start)
    return JsonResponse({"id": user.pk}, status=201)
