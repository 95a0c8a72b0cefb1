"""Objects that belong to a request stop working once the response is sent.

Django closes the request's uploaded files when the response is finished, and
``request.user`` is lazy: a thread that touches it runs the session and user
queries itself, on its own connection, and gets whatever the session says then.
"""

import threading

from django.core.mail import send_mail
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from accounts.models import Upload


# --8<-- [start:broken]
def receive_upload_broken(uploaded, user):
    send_mail("Upload received", f"We got {uploaded.name}.", None, [user.email])
    content = uploaded.read()
    Upload.objects.create(name=uploaded.name, size_bytes=len(content), processed=True)


@require_POST
def upload_broken(request):
    args = (request.FILES["file"], request.user)  # both still tied to the request
    threading.Thread(
        target=receive_upload_broken, args=args, name="receive-upload"
    ).start()
    return JsonResponse({"status": "accepted"}, status=202)


# --8<-- [end:broken]


# --8<-- [start:fixed]
def receive_upload(name, content, email):
    try:
        Upload.objects.create(name=name, size_bytes=len(content), processed=True)
        send_mail("Upload received", f"We got {name}.", None, [email])
    finally:
        connection.close()


@require_POST
def upload(request):
    if not request.user.is_authenticated:
        return JsonResponse({"error": "log in to upload"}, status=401)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        error = "send the file in a form field named 'file'"
        return JsonResponse({"error": error}, status=400)
    # Plain values, taken while the request is alive: a name, the bytes, an address.
    args = (uploaded.name, uploaded.read(), request.user.email)
    threading.Thread(target=receive_upload, args=args, name="receive-upload").start()
    return JsonResponse({"status": "accepted"}, status=202)


# --8<-- [end:fixed]
