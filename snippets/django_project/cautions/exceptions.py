"""An exception raised inside a thread never reaches the view that started it.

The view has already answered; Python hands the exception to
``threading.excepthook``, whose default prints the traceback to stderr, where
no log handler, error tracker or alert sees it.
"""

import logging
import threading

from django.http import JsonResponse

logger = logging.getLogger(__name__)


def send_report(recipient):
    """Plays a call to a reporting service that is down."""
    raise ConnectionError(f"report service unreachable; no report for {recipient}")


# --8<-- [start:broken]
def request_report_broken(request):
    threading.Thread(target=send_report, args=("ada@example.com",), name="send-report").start()
    return JsonResponse({"status": "report on its way"})
# --8<-- [end:broken]


# --8<-- [start:fixed]
def run_logged(work, *args):
    try:
        work(*args)
    except Exception:
        # Goes through LOGGING like any other error, traceback and task name included.
        logger.exception("background task %s failed", work.__name__)


def request_report(request):
    threading.Thread(target=run_logged, args=(send_report, "ada@example.com"), name="send-report").start()
    return JsonResponse({"status": "report on its way"})
# --8<-- [end:fixed]
