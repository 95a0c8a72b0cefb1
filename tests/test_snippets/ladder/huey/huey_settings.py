"""Settings overlay for the Huey rung's tests (``snippets/ladder/huey/``).

On top of ``tests/helpers/example_settings.py`` (the database and the email journal in
the test's folder), Huey's queue file goes into the test's folder too, never into
``snippets/``, and the consumer polls its queue faster than in production.
"""

from signup_project.settings import HUEY as PROJECT_HUEY
from tests.helpers.example_settings import *  # noqa: F403
from tests.helpers.example_settings import TEST_DATA

HUEY = {
    **PROJECT_HUEY,
    "filename": TEST_DATA / "huey.sqlite3",
    # `manage.py run_huey` takes its consumer options from HUEY["consumer"] (a flag on
    # its command line would win), so the test's polling lives here, and the command the
    # page shows stays the production one. An idle worker looks at the SQLite queue
    # every 0.01 s to 0.1 s, instead of backing off from 0.1 s up to 10 s.
    "consumer": {**PROJECT_HUEY["consumer"], "initial_delay": 0.01, "max_delay": 0.1},
}
