"""The sign-up and upload views: each answers at once and leaves its slow part to the
background helper, which starts it once the transaction has committed."""

from django.contrib.auth.models import User
from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from background import run_in_background

from .models import Upload
from .tasks import process_upload, send_welcome_email


@require_POST
def signup(request):
    username, email = request.POST.get("username"), request.POST.get("email")
    if not username or not email:
        return JsonResponse({"error": "send a username and an email"}, status=400)
    with transaction.atomic():
        user = User.objects.create_user(username, email)
        # Queued when the transaction commits, so the worker finds the new user.
        run_in_background(send_welcome_email, user.pk)
    return JsonResponse({"id": user.pk}, status=201)


@require_POST
def upload(request):
    uploaded = request.FILES.get("file")
    if uploaded is None:
        error = "send the file in a form field named 'file'"
        return JsonResponse({"error": error}, status=400)
    with transaction.atomic():
        row = Upload.objects.create(name=uploaded.name, size_bytes=uploaded.size)
        # The row's id: never the request, nor the uploaded file, which Django closes.
        run_in_background(process_upload, row.pk)
    return JsonResponse({"id": row.pk, "processed": row.processed}, status=202)
