"""snippets/django_project/signup_project/settings.py: production values from the environment
pass ``manage.py check --deploy``; without them the defaults are the safe ones.

The tests run the project in a subprocess, in its folder, with only the environment variables
each names: ``python manage.py check --deploy --fail-level WARNING`` as a reader would, and the
settings module alone to read its defaults.
"""

import json
import os
import re
import subprocess
import sys

from django.core.management.utils import get_random_secret_key

from tests.helpers import snippets

PROJECT = snippets.SNIPPETS_DIR / "django_project"
# The variables the settings read, and the test run's own settings module: none may leak in.
OWN = (
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_SECRET_KEY",
    "DJANGO_DEBUG",
    "DJANGO_ALLOWED_HOSTS",
    "PYTHONPATH",
)


def check_deploy(**variables: str) -> tuple[int, set[str], str]:
    environment = {name: value for name, value in os.environ.items() if name not in OWN}
    environment.update(snippets.subprocess_environment(), **variables)
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = done.stdout + done.stderr
    return done.returncode, set(re.findall(r"\(security\.(W\d+)\)", output)), output


def test_production_values_from_the_environment_pass_check_deploy():
    code, warnings, output = check_deploy(
        DJANGO_SECRET_KEY=get_random_secret_key(),
        DJANGO_ALLOWED_HOSTS="www.example.com",
    )
    assert (code, warnings) == (0, set()), output
    # HSTS preloading stays the reader's decision: the only check the settings silence.
    assert "System check identified no issues (1 silenced)." in output


def test_without_a_secret_key_check_deploy_flags_the_random_development_key():
    code, warnings, output = check_deploy(DJANGO_ALLOWED_HOSTS="www.example.com")
    assert (code, warnings) == (1, {"W009"}), output


def test_debug_for_development_turns_https_off_and_check_deploy_says_so():
    code, warnings, output = check_deploy(
        DJANGO_SECRET_KEY=get_random_secret_key(), DJANGO_DEBUG="true"
    )
    # DEBUG itself, the redirect to HTTPS, and the two cookies that would need HTTPS.
    assert (code, warnings) == (1, {"W018", "W008", "W012", "W016"}), output


SHOW_DEFAULTS = """
import json
from signup_project import settings
names = ["DEBUG", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"]
print(json.dumps({name: getattr(settings, name) for name in names} | {"key": settings.SECRET_KEY}))
"""


def test_without_the_environment_the_defaults_are_the_safe_ones():
    environment = {name: value for name, value in os.environ.items() if name not in OWN}
    done = subprocess.run(
        [sys.executable, "-c", SHOW_DEFAULTS],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    values = json.loads(done.stdout)
    key = values.pop("key")
    assert values == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["localhost", "127.0.0.1"],
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }
    assert key.startswith("django-insecure-") and len(key) > 50
