"""The WSGI entry point that `django-admin startproject` writes; gunicorn serves it."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signup_project.settings")
application = get_wsgi_application()
