"""snippets/django_project/signup_project/settings.py: the lines the Django Tasks page shows.

pytest-django loads the settings before any test runs, so this test runs the file
again to check (and record) the part the page includes.
"""

import runpy

from django.conf import settings

from tests.helpers.snippets import ROOT

SETTINGS = ROOT / "snippets" / "django_project" / "signup_project" / "settings.py"


def test_settings_install_the_database_backend():
    namespace = runpy.run_path(str(SETTINGS))
    assert "django_tasks_db" in namespace["INSTALLED_APPS"]
    assert namespace["TASKS"] == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert settings.TASKS == namespace["TASKS"], "the test run uses the same backend"
