"""The sign-up view: it creates the user and enqueues the welcome email."""

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
        # The task's row is part of this transaction: a rollback removes it too.
        send_welcome_email.enqueue(user.pk)
    return JsonResponse({"id": user.pk}, status=201)
