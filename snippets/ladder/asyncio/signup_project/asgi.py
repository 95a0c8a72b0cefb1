"""The ASGI entry point: an ASGI server keeps one event loop running across requests."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signup_project.settings")
application = get_asgi_application()
