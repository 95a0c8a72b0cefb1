"""The sign-up view: it creates the user, then a thread sends the welcome email."""

import threading

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.http import require_POST


def send_welcome_email(user_id):
    user = User.objects.get(pk=user_id)
    send_mail("Welcome", f"Hello {user.username}, welcome aboard!", None, [user.email])


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
        thread = threading.Thread(target=send_welcome_email_in_thread, args=(user.pk,))
        # Started after the commit only: the thread then finds the user's row.
        transaction.on_commit(thread.start)
    return JsonResponse({"id": user.pk}, status=201)
