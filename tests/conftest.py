"""Fixtures shared by all tests; the Sybil doc tests are set up in ../conftest.py."""

import pytest

from tests.helpers import snippets

snippets.start_recording()

LAST = "tests/test_docs/test_included_files.py::test_every_included_python_file_is_run_by_a_test"


def pytest_collection_modifyitems(session, config, items):
    # The included-files check reads what the other tests ran, so it goes last.
    items.sort(key=lambda item: item.nodeid == LAST)
    config.stash[full_run_key] = (
        not config.option.keyword
        and not config.option.markexpr
        and config.args_source is pytest.Config.ArgsSource.TESTPATHS
    )


full_run_key = pytest.StashKey[bool]()


@pytest.fixture
def full_run(request) -> bool:
    """True when this session collected the whole suite, not a selection."""
    return request.config.stash.get(full_run_key, False)
