"""Test settings for test_celery_graceful_stop.py: ``celery_settings.py``, on a queue of its own.

On top of ``celery_settings.py`` (one pool process, no wait between retries):

* a queue of this module's own (the test passes ``CELERY_BROKER_URL``, a Redis database no
  other test uses): the test moves an unacknowledged message's delivery time back, which
  Kombu then puts back on whatever queue it came from;
* Kombu's sweep for messages past their visibility timeout every second instead of every
  100 s (``unacked_restore_interval`` 10 s, ``unacked_restore_throttle`` 10). The visibility
  timeout itself stays Kombu's hour.
"""

from tests.test_snippets.ladder.celery.celery_settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = "toq_ladder_celery_graceful_stop"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
