"""``make test`` runs the suite with pytest-xdist, which must keep some tests together. The tests marked ``redis`` or ``rabbitmq``
share their brokers' queues: tests/conftest.py groups them, and one xdist process must run them
all. pytest-xdist's ``--dist loadgroup`` stopped grouping without a word on pytest 9.2
(pytest-xdist#1386), which let two RQ tests empty each other's queue; this fails if it happens
again."""

import os
import re
import subprocess
import sys
import textwrap

from tests.helpers.snippets import ROOT

FAKE_BROKER_TESTS = """
import pytest

pytestmark = pytest.mark.{marker}


@pytest.mark.parametrize("n", range(4))
def test_uses_the_broker(n):
    pass
"""
WORKER_OF = re.compile(r"^\[(gw\d+)\] .* (\S+::test_\w+\[\d\])(@\w+)? *$", re.MULTILINE)


def run_in_three_xdist_processes(*arguments: str) -> subprocess.CompletedProcess:
    """pytest with ``make test``'s distribution and tests/conftest.py, which sets the groups;
    none of this run's own settings (its database, its coverage) leak in."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("THREAD_OR_QUEUE_", "COVERAGE_"))
    } | {"PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", "pyproject.toml", "--rootdir", "."]
        + ["-p", "tests.conftest", "-n", "3", "--dist", "loadgroup", "-v", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return run


def test_tests_marked_redis_or_rabbitmq_all_run_in_one_xdist_process(tmp_path):
    for marker in ("redis", "rabbitmq"):
        (tmp_path / f"test_{marker}.py").write_text(
            textwrap.dedent(FAKE_BROKER_TESTS.format(marker=marker))
        )
    (tmp_path / "test_other.py").write_text("def test_other():\n    pass\n")
    run = run_in_three_xdist_processes(str(tmp_path))
    ran = WORKER_OF.findall(run.stdout)
    broker_tests = [
        (worker, group) for worker, test, group in ran if "other" not in test
    ]
    assert len(broker_tests) == 8, run.stdout
    assert {group for _, group in broker_tests} == {"@brokers"}, run.stdout
    assert len({worker for worker, _ in broker_tests}) == 1, run.stdout


PAGE_BLOCK = re.compile(
    r"^\[(gw\d+)\] .* (docs/\S+\.md)::line:\d+,column:\d+@\S+ *$", re.MULTILINE
)


def test_the_blocks_of_a_page_run_in_one_xdist_process_in_order():
    # A page's blocks share their names, so a block run without the ones above it fails.
    pages = [
        "docs/tutorial/first-background-thread.md",
        "docs/reference/background-helper.md",
    ]
    run = run_in_three_xdist_processes(*pages)
    workers_of_page: dict[str, set[str]] = {}
    for worker, page in PAGE_BLOCK.findall(run.stdout):
        workers_of_page.setdefault(page, set()).add(worker)
    assert set(workers_of_page) == set(pages), run.stdout
    assert all(len(workers) == 1 for workers in workers_of_page.values()), run.stdout
