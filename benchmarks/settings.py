"""Settings of the measurement harness: the example project's, plus the measured views.

gunicorn serves the example project (``snippets/django_project``) with these settings
(``DJANGO_SETTINGS_MODULE=benchmarks.settings``, see ``response_time.server_environment``)
for the response-time measurement and for the tests of the background helper under gunicorn.
The harness's own app, ``benchmarks.slow_work``, is mounted under ``slow/``; the example
project itself knows nothing of it.
"""

from signup_project.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.slow_work"]  # noqa: F405
ROOT_URLCONF = "benchmarks.urls"
# The harness serves plain HTTP on loopback, with no TLS proxy in front of it: the loopback
# names only, and no redirect to HTTPS (the project redirects whenever DEBUG is off).
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = False
