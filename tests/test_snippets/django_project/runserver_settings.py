"""Settings overlay for ``test_runserver_threads.py``: the example project's test settings
(``tests/helpers/example_settings.py``) with the probe of ``runserver_probe.py`` as URLconf and
email backend, and the autoreloader's log (``<file> changed, reloading.``) on stderr, which
the project's own settings leave silent when DEBUG is off."""

from tests.helpers.example_settings import *  # noqa: F403
from tests.helpers.example_settings import journal_email

ROOT_URLCONF = "tests.test_snippets.django_project.runserver_probe"
globals().update(
    journal_email("tests.test_snippets.django_project.runserver_probe.ThreadJournal")
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.utils.autoreload": {"handlers": ["stderr"], "level": "INFO"},
    },
}
