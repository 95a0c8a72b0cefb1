"""The async sign-up view: it creates the user, starts the welcome email as a task
on the server's event loop, and answers without waiting for it."""

import asyncio

from django.contrib.auth.models import User
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from .tasks import send_welcome_email

# The event loop keeps only a weak reference to a task: hold a strong one until it ends.
background_tasks = set()


@require_POST
async def signup(request):
    username, email = request.POST.get("username"), request.POST.get("email")
    if not username or not email:
        return JsonResponse({"error": "send a username and an email"}, status=400)
    # One INSERT in autocommit mode: the row is committed when this returns.
    user = await User.objects.acreate_user(username, email)
    # send_mail blocks on the SMTP server, so a thread runs it; the loop stays free.
    task = asyncio.create_task(asyncio.to_thread(send_welcome_email, user.pk))
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)
    return JsonResponse({"id": user.pk}, status=201)
