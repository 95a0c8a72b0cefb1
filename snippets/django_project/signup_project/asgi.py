"""ASGI entry point, for running the example under uvicorn or Granian."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signup_project.settings")
application = get_asgi_application()
