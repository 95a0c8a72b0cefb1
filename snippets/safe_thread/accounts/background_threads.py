"""Short background work on a bounded pool of threads, started after the commit."""

import logging
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from django.db import connections, transaction

logger = logging.getLogger(__name__)
pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="background")


def _run(func, args):
    try:
        func(*args)
    except Exception:
        logger.exception("background task %s failed", func.__name__)
    finally:
        connections.close_all()  # this worker thread's connections only


def run_after_commit(func, *args):
    """Run func(*args) on the pool once the current transaction commits."""
    transaction.on_commit(partial(pool.submit, _run, func, args))
