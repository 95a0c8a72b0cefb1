"""Record which of the project's files run during the tests (Python 3.12+).

``sys.monitoring`` reports the first time code from each function or module body starts;
returning ``DISABLE`` turns the report off for that code, so the cost is paid once.
"""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VIRTUALENV = ROOT / ".venv"
INCLUDED_FILES_CHECK = "tests/test_docs/test_included_files.py"
executed: set[Path] = set()


def _record(code, instruction_offset):
    path = Path(code.co_filename)
    if path.is_relative_to(ROOT) and not path.is_relative_to(VIRTUALENV):
        executed.add(path)
    return sys.monitoring.DISABLE


sys.monitoring.use_tool_id(sys.monitoring.PROFILER_ID, "docs check")
sys.monitoring.register_callback(
    sys.monitoring.PROFILER_ID, sys.monitoring.events.PY_START, _record
)
sys.monitoring.set_events(sys.monitoring.PROFILER_ID, sys.monitoring.events.PY_START)


def pytest_collection_modifyitems(config, items):
    # The check reads what the other tests ran, so it runs last.
    items.sort(key=lambda item: item.nodeid.startswith(INCLUDED_FILES_CHECK))


@pytest.fixture
def executed_files(request) -> set[Path]:
    """The project files run so far; a skip when the run selected part of the suite."""
    option = request.config.option
    narrowed = option.keyword or option.markexpr or option.deselect or option.ignore
    if narrowed or request.config.args_source != pytest.Config.ArgsSource.TESTPATHS:
        pytest.skip("only a run of the whole suite has executed every snippet's test")
    return executed
