"""An exception raised inside a thread never reaches the view that started it.

The view has already answered; Python hands the exception to
``threading.excepthook``, whose default prints the traceback to stderr, where
no log handler, error tracker or alert sees it.
"""

import logging
import threading

from django.core.mail import send_mail
from django.http import JsonResponse
from django.views.decorators.http import require_POST

logger = logging.getLogger(__name__)


def send_report(address):
    send_mail("Your report", "Your report is ready.", None, [address])


# --8<-- [start:broken]
@require_POST
def request_report_broken(request):
    if not request.user.is_authenticated:
        return JsonResponse({"error": "log in to ask for a report"}, status=401)
    args = (request.user.email,)
    threading.Thread(target=send_report, args=args, name="send-report").start()
    return JsonResponse({"status": "report on its way"}, status=202)


# --8<-- [end:broken]


# --8<-- [start:fixed]
def run_logged(work, *args):
    try:
        work(*args)
    except Exception:
        # Goes through LOGGING like any other error, with the traceback and the task.
        logger.exception("background task %s failed", work.__name__)


@require_POST
def request_report(request):
    if not request.user.is_authenticated:
        return JsonResponse({"error": "log in to ask for a report"}, status=401)
    args = (send_report, request.user.email)
    threading.Thread(target=run_logged, args=args, name="send-report").start()
    return JsonResponse({"status": "report on its way"}, status=202)


# --8<-- [end:fixed]
