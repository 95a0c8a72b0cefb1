"""The sign-up view: it creates the user and sends the welcome email's message."""

from functools import partial

from django.contrib.auth.models import User
from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from .tasks import send_welcome_email


@require_POST
def signup(request):
    username, email = request.POST.get("username"), request.POST.get("email")
    if not username or not email:
        return JsonResponse({"error": "send a username and an email"}, status=400)
    with transaction.atomic():
        user = User.objects.create_user(username, email)
        # RabbitMQ is not part of this transaction: send once the user is committed,
        # so the worker finds the user, and a rollback sends nothing.
        transaction.on_commit(partial(send_welcome_email.send, user.pk))
    return JsonResponse({"id": user.pk}, status=201)
