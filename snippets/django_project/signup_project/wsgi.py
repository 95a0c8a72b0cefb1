"""WSGI entry point, for running the example under a real server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signup_project.settings")
application = get_wsgi_application()
