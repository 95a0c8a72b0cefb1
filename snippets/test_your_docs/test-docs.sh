#!/bin/sh
# Every test under coverage.py (Python processes the tests start included), then the check
# that every line of every file the pages include ran.
set -e
coverage erase
coverage run -m pytest
coverage combine --quiet
COVERAGE_OF_WHOLE_SUITE=.coverage pytest tests/test_docs/test_included_files.py
