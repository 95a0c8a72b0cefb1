"""Before the move: the sign-up view sends the welcome email from a thread."""

import threading

from django.contrib.auth.models import User
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from snippets.ladder import welcome


def send_welcome_email(address):
    welcome.send_welcome_email(address)


@csrf_exempt
@require_POST
def signup(request):
    user = User.objects.create_user(request.POST["username"], request.POST["email"])
    threading.Thread(target=send_welcome_email, args=(user.email,)).start()
    return JsonResponse({"id": user.pk}, status=201)


urlpatterns = [path("signup/", signup)]
