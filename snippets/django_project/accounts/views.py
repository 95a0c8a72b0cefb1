"""Views of the example app: the slow parts run in the background helper, after commit."""

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from background import run_in_background

from .models import Upload


# --8<-- [start:signup]
def send_welcome_email(user_id):
    user = User.objects.get(pk=user_id)  # a fresh read, in the worker's own connection
    send_mail("Welcome", f"Hello {user.username}!", None, [user.email])


@csrf_exempt
@require_POST
def signup(request):
    with transaction.atomic():
        user = User.objects.create_user(request.POST["username"], request.POST["email"])
        # Queued when the transaction commits, so the worker can see the new user.
        run_in_background(send_welcome_email, user.pk)
    return JsonResponse({"id": user.pk}, status=201)
# --8<-- [end:signup]


# --8<-- [start:upload]
def process_upload(upload_id):
    upload = Upload.objects.get(pk=upload_id)
    # Real post-processing (thumbnails, virus scan, ...) would go here, reading stored data.
    Upload.objects.filter(pk=upload.pk).update(processed=True)


@csrf_exempt
@require_POST
def upload(request):
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return JsonResponse({"error": "send the file in a form field named 'file'"}, status=400)
    with transaction.atomic():
        row = Upload.objects.create(name=uploaded.name, size_bytes=uploaded.size)
        run_in_background(process_upload, row.pk)  # the row's id, never the request or the file object
    return JsonResponse({"id": row.pk, "processed": row.processed}, status=202)
# --8<-- [end:upload]
