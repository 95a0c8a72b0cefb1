"""After the move: the same view enqueues the email with Django's Tasks framework."""

from django.tasks import task

from django.contrib.auth.models import User
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from snippets.ladder import welcome


@task
def send_welcome_email(address):
    welcome.send_welcome_email(address)


@csrf_exempt
@require_POST
def signup(request):
    user = User.objects.create_user(request.POST["username"], request.POST["email"])
    send_welcome_email.enqueue(user.email)
    return JsonResponse({"id": user.pk}, status=201)


urlpatterns = [path("signup/", signup)]
