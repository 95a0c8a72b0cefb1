"""Views of the example app."""

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def signup(request):
    user = User.objects.create_user(request.POST["username"], request.POST["email"])
    send_mail("Welcome", f"Hello {user.username}!", None, [user.email])
    return JsonResponse({"id": user.pk}, status=201)
