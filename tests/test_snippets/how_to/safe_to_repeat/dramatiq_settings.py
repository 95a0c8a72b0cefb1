"""Test settings for the Dramatiq projects of the safe-to-repeat how-to (the guarded
project, snippets/how_to/safe_to_repeat/dramatiq/, and the rung's own): the shared overlay
(``tests/helpers/example_settings.py``: the test's database, the email journal) and the
stops of ``holds.py``."""

from tests.helpers.example_settings import *  # noqa: F403
from tests.helpers.example_settings import INSTALLED_APPS, journal_email

# The app config by its path: the module is no package with an apps.py.
INSTALLED_APPS = [
    *INSTALLED_APPS,
    "tests.test_snippets.how_to.safe_to_repeat.holds.HoldsConfig",
]
globals().update(
    journal_email(
        "tests.test_snippets.how_to.safe_to_repeat.holds.HoldAfterSendBackend"
    )
)
