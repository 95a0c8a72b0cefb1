"""Which project files the tests executed, in the pytest process and in its subprocesses.

Every ``.py`` file a page includes with ``--8<--`` must be run by some test;
``tests/test_docs/test_included_files.py`` checks that against the record kept
here. The record comes from ``sys.monitoring``: a file counts as run only when
Python actually starts executing code from it, in the pytest process or in a
subprocess started with ``subprocess_environment()`` (a worker, ``manage.py``),
which ``subprocess_recorder/sitecustomize.py`` records. Any file of the project
counts (a page may show ``conftest.py`` too), not the virtualenv. ``make test``'s
lanes (``test_lanes.py``) write each session's record down for the last check.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

from tools import ROOT

executed_files: set[Path] = set()

SUBPROCESS_RECORDS_ENV = "THREAD_OR_QUEUE_SUBPROCESS_RECORDS"
RECORDER_DIR = ROOT / "tools" / "subprocess_recorder"
_records_made_here: str | None = None

# Bound once: the callback may still fire while the interpreter tears modules down.
_PROJECT_PREFIX = str(ROOT) + "/"
# ".venv" without its slash: also .venv-django5.2/, the Django 5.2 LTS run's virtualenv.
_NOT_PROJECT_PREFIXES = (str(ROOT / ".venv"), str(ROOT / ".cache") + "/")
_DISABLE = sys.monitoring.DISABLE
_TOOL = sys.monitoring.PROFILER_ID


def _remember_project_code(code, instruction_offset):
    filename = code.co_filename
    if filename.startswith(_PROJECT_PREFIX) and not filename.startswith(
        _NOT_PROJECT_PREFIXES
    ):
        executed_files.add(Path(filename))
    # Each code object reports once; afterwards it runs at full speed.
    return _DISABLE


def start_recording():
    """Record, from now on, which project files run in this process and its recorded subprocesses."""
    global _records_made_here
    if SUBPROCESS_RECORDS_ENV not in os.environ:
        _records_made_here = tempfile.mkdtemp(prefix="thread-or-queue-records-")
        os.environ[SUBPROCESS_RECORDS_ENV] = _records_made_here
    if sys.monitoring.get_tool(_TOOL) is None:
        sys.monitoring.use_tool_id(_TOOL, "thread-or-queue snippet record")
        sys.monitoring.register_callback(
            _TOOL, sys.monitoring.events.PY_START, _remember_project_code
        )
        sys.monitoring.set_events(_TOOL, sys.monitoring.events.PY_START)


def stop_recording():
    if _records_made_here:
        shutil.rmtree(_records_made_here, ignore_errors=True)
        del os.environ[SUBPROCESS_RECORDS_ENV]
    if sys.monitoring.get_tool(_TOOL) is not None:
        sys.monitoring.set_events(_TOOL, sys.monitoring.events.NO_EVENTS)
        sys.monitoring.register_callback(_TOOL, sys.monitoring.events.PY_START, None)
        sys.monitoring.free_tool_id(_TOOL)


def subprocess_environment() -> dict[str, str]:
    """What a subprocess's environment needs so that the files it executes are recorded too."""
    return {
        "PYTHONPATH": os.pathsep.join([str(RECORDER_DIR), str(ROOT)]),
        SUBPROCESS_RECORDS_ENV: os.environ[SUBPROCESS_RECORDS_ENV],
        "THREAD_OR_QUEUE_ROOT": str(ROOT),
    }


def record_as_executed(paths: list[Path], why: str) -> None:
    """Count ``paths`` as executed: a test ran copies of them elsewhere, and saw them work (``why``)."""
    records = Path(os.environ[SUBPROCESS_RECORDS_ENV])
    record = records / f"copies-{os.getpid()}-{len(list(records.iterdir()))}.txt"
    record.write_text("".join(f"{path.resolve()}\n" for path in paths))


def all_executed_files() -> set[Path]:
    """The project files executed in this process and in every recorded subprocess so far."""
    recorded = set(executed_files)
    records = os.environ.get(SUBPROCESS_RECORDS_ENV)
    if records:
        for record in Path(records).glob("*.txt"):
            recorded.update(
                Path(line) for line in record.read_text().splitlines() if line
            )
    return recorded
