"""Record which project files a subprocess of the tests executes (a worker, ``manage.py``).

The tests put this folder first on a subprocess's ``PYTHONPATH``, so Python imports it at
start-up. Each project file is appended to ``<records>/<pid>.txt`` the first time code from it
runs, at once, because the tests stop most workers with SIGKILL, and no exit hook runs then.
``tools/executed_files.py`` reads the records back for the included-files check.
"""

import os
import sys

_RECORDS = os.environ.get("THREAD_OR_QUEUE_SUBPROCESS_RECORDS")
_ROOT = os.environ.get("THREAD_OR_QUEUE_ROOT")

if _RECORDS and _ROOT and sys.monitoring.get_tool(sys.monitoring.PROFILER_ID) is None:
    _prefix = _ROOT.rstrip("/") + "/"
    # ".venv" without its slash: also .venv-django5.2/, the Django 5.2 LTS run's.
    _skipped = (_prefix + ".venv", _prefix + ".cache/")
    _seen: set[str] = set()
    _disable = sys.monitoring.DISABLE

    def _remember(code, instruction_offset):
        filename = code.co_filename
        # A module's many code objects share a name: one lookup each, no path work.
        if filename in _seen:
            return _disable
        _seen.add(filename)
        if not filename.startswith("<"):  # "<string>", "<frozen os>": no file
            # A worker may import from "." or "", or through a link (the Django 5.2 run's
            # project folders): the record names the file itself.
            filename = os.path.realpath(filename)
        if filename.startswith(_prefix) and not filename.startswith(_skipped):
            # pid read now, not at start-up: a forked child records into a file of its own.
            with open(os.path.join(_RECORDS, f"{os.getpid()}.txt"), "a") as record:
                record.write(filename + "\n")
        return _disable

    sys.monitoring.use_tool_id(
        sys.monitoring.PROFILER_ID, "thread-or-queue subprocess record"
    )
    sys.monitoring.register_callback(
        sys.monitoring.PROFILER_ID, sys.monitoring.events.PY_START, _remember
    )
    sys.monitoring.set_events(
        sys.monitoring.PROFILER_ID, sys.monitoring.events.PY_START
    )
