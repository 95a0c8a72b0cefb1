"""Test settings for the Celery projects of the safe-to-repeat how-to (the guarded
project, snippets/how_to/safe_to_repeat/celery/, and the rung's own): the Celery rung's
overlay (``tests/test_snippets/ladder/celery/celery_settings.py``: one pool process, no wait
between retries) and the stops of ``holds.py``."""

from tests.helpers.example_settings import journal_email
from tests.test_snippets.ladder.celery.celery_settings import *  # noqa: F403
from tests.test_snippets.ladder.celery.celery_settings import INSTALLED_APPS

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
