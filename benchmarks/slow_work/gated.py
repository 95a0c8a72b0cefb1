"""A view whose background task waits for a file, so a test in another process can hold it running.

Only for the tests that run the example project under a real gunicorn with the harness settings
(``tests/test_snippets/django_project/test_background_under_gunicorn.py``). The task goes to the
helper's pool ``gated_pool``, whose ``exit_deadline`` is read from ``SLOW_WORK_EXIT_DEADLINE``
(seconds; the helper's default, 10, when unset). It leaves its trace in the directory named by the
``SLOW_WORK_TRACE_DIR`` environment variable, so the trace outlives the server process:

* ``<name>.started`` (holding the worker process id) when the task begins;
* then it waits until a file ``<name>.release`` exists (at most ``GATE_LIMIT_SECONDS``);
* ``<name>.finished`` (holding the process id) when it ends after the release.

Without ``SLOW_WORK_TRACE_DIR`` the view answers 404 and starts nothing. The view is exempt from
CSRF checks: the tests post to it without a form, and no page shows it.
"""

import os
import time
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from background import BackgroundPool

TRACE_DIR_VARIABLE = "SLOW_WORK_TRACE_DIR"
EXIT_DEADLINE_VARIABLE = "SLOW_WORK_EXIT_DEADLINE"
GATE_LIMIT_SECONDS = (
    60.0  # a forgotten release must not keep a server process alive for ever
)
POLL_SECONDS = 0.01


def exit_deadline_from_environment():
    raw = os.environ.get(EXIT_DEADLINE_VARIABLE, "10")
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{EXIT_DEADLINE_VARIABLE} must be a number of seconds, got {raw!r}"
        ) from None


gated_pool = BackgroundPool(
    max_workers=1, name="gated", exit_deadline=exit_deadline_from_environment()
)


def write_whole(path, text):
    # Written aside and renamed, so a reader in another process never sees the file half written.
    partial = path.with_name(f"{path.name}.partial")
    partial.write_text(text)
    partial.replace(path)


def wait_for_release(trace_dir, name):
    trace = Path(trace_dir)
    pid = str(os.getpid())
    write_whole(trace / f"{name}.started", pid)
    give_up = time.monotonic() + GATE_LIMIT_SECONDS
    while not (trace / f"{name}.release").exists():
        if time.monotonic() > give_up:
            raise TimeoutError(f"{name}: no release file within {GATE_LIMIT_SECONDS} s")
        time.sleep(POLL_SECONDS)
    write_whole(trace / f"{name}.finished", pid)


@csrf_exempt
@require_POST
def start_gated_task(request, name):
    trace_dir = os.environ.get(TRACE_DIR_VARIABLE)
    if not trace_dir:
        return JsonResponse(
            {"error": f"gated tasks are off: set {TRACE_DIR_VARIABLE} to a directory"},
            status=404,
        )
    gated_pool.submit(wait_for_release, trace_dir, name)
    return JsonResponse({"name": name, "pid": os.getpid()}, status=202)
