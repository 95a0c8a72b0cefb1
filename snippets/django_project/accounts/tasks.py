"""The slow parts of the sign-up and upload views, run by the background helper."""

from django.contrib.auth.models import User
from django.core.mail import send_mail

from .models import Upload


def send_welcome_email(user_id):
    # A fresh read, on the worker thread's own connection (the helper closes it).
    user = User.objects.get(pk=user_id)
    send_mail("Welcome", f"Hello {user.username}, welcome aboard!", None, [user.email])


def process_upload(upload_id):
    upload = Upload.objects.get(pk=upload_id)
    # Real post-processing (a thumbnail, a virus scan) would read the stored file here.
    upload.processed = True
    upload.save(update_fields=["processed"])
