"""Test settings for test_celery_defaults.py: ``celery_settings.py``, with the variants it needs.

On top of ``celery_settings.py`` (a queue of the tests' own, one pool process, no wait between
retries):

* a queue of this module's own, on a Redis database of its own (the test passes
  ``CELERY_BROKER_URL``): a short visibility timeout puts back *every* message left
  unacknowledged in its database, so it must not see another test's;
* with ``CELERY_TEST_SHORT_VISIBILITY=1``, Redis's visibility timeout cut from an hour to one
  second, checked every second instead of every 100 (Kombu's ``unacked_restore_interval``
  and ``unacked_restore_throttle``), and two pool processes, so that a message put back can
  start while the first run still holds one;
* with ``CELERY_TEST_RETRY_ON_WORKER_LOST=1``, the welcome task with Celery 5.7's
  ``retry_on_worker_lost`` on, and no wait before such a retry (``default_retry_delay``,
  three minutes by default).
"""

import os

from tests.test_snippets.ladder.celery.celery_settings import *  # noqa: F403
from tests.test_snippets.ladder.celery.celery_settings import WELCOME_TASK

CELERY_TASK_DEFAULT_QUEUE = "toq_ladder_celery_defaults"

if os.environ.get("CELERY_TEST_SHORT_VISIBILITY") == "1":
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": 1,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
    CELERY_WORKER_CONCURRENCY = 2

if os.environ.get("CELERY_TEST_RETRY_ON_WORKER_LOST") == "1":
    CELERY_TASK_ANNOTATIONS = {
        "accounts.tasks.send_welcome_email": {
            **WELCOME_TASK,
            "retry_on_worker_lost": True,
            "default_retry_delay": 0,
        }
    }
