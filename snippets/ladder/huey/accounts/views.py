"""The sign-up view: it creates the user and enqueues the welcome email."""

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
        # Huey's queue is another database: enqueue once the user is committed, so the
        # consumer finds the row, and never if the transaction rolls back.
        transaction.on_commit(partial(send_welcome_email, user.pk))
    return JsonResponse({"id": user.pk}, status=201)
