"""``make test``'s runner: the suite in three lanes side by side, then the check that needs them all.

The suite loads the machine in two ways. Chromium, the site builds, the notebook kernels and the
measurement servers keep the CPUs busy; the queue and Django tests mostly wait for real worker
processes, brokers, databases and the interpreters they start. Run one after the other, the
machine idles through much of the waiting; side by side they finish sooner (README's table gives
the time of a warm ``make test``).

``lane_of`` puts every collected test in exactly one lane, by its path:

- lane ``site``: ``tests/test_site/`` (the browser tests among them), ``tests/test_tools/`` and
  ``tests/test_benchmarks/``; nothing there talks to Redis, RabbitMQ or PostgreSQL;
- lane ``queues``: the example projects' tests that talk to Redis or RabbitMQ (the Celery, RQ and
  Dramatiq rungs, the reader tests and the set-up check under ``tests/test_snippets/ladder/``, and
  the how-tos under ``tests/test_snippets/how_to/``). Several of them share a RabbitMQ queue, so
  they run one after another, in this lane only;
- lane ``workers``: everything else on SQLite (the rungs on SQLite and PostgreSQL among them: Django
  Tasks, Procrastinate, Huey, asyncio), then the database tests again on PostgreSQL.

Every session the runner starts loads this module as a pytest plugin (``-p tools.test_lanes``,
below): it learns its lane from ``THREAD_OR_QUEUE_LANE`` and leaves the other lanes' tests out,
whichever paths were given (the doc tests under ``docs/`` too). Each lane's output goes to
``.cache/test-lanes/<lane>.log`` and is printed whole when the lane ends, so two progress lines
never interleave; while the lanes run, a line every half minute says which are still running.
Every pytest session also leaves there a record of the project files it executed. When all lanes
are done, a last session runs ``test_every_included_python_file_is_run_by_a_test``, which checks
the records together.

A lane step in which nothing matches the selection (pytest's exit status 5) is not a failure: with
``make test PYTEST_ARGS=tests/test_snippets/ladder``, the site lane has nothing to run.
"""

import json
import os
import queue
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tools import ROOT

LANES_DIR = ROOT / ".cache" / "test-lanes"
# Where each session writes what it executed (pytest_sessionfinish below), and tests/conftest.py reads it.
RECORDS_ENV = "THREAD_OR_QUEUE_LANE_RECORDS"
LANE_ENV = "THREAD_OR_QUEUE_LANE"
# Set for the last session when make test ran the whole suite: records that fall short then fail it.
REQUIRE_WHOLE_SUITE_ENV = "THREAD_OR_QUEUE_REQUIRE_WHOLE_SUITE"
SITE, QUEUES, WORKERS = "site", "queues", "workers"
LANES = (SITE, QUEUES, WORKERS)
SITE_PATHS = ("tests/test_site/", "tests/test_tools/", "tests/test_benchmarks/")
# The tests that talk to Redis or RabbitMQ; a prefix of each module's path.
QUEUE_PATHS = tuple(
    f"tests/test_snippets/ladder/test_{name}"
    for name in ("celery", "rq", "dramatiq", "reader_tests", "setup")
) + ("tests/test_snippets/how_to/",)
DATABASE_TESTS = "django_db or postgres"
WHOLE_SUITE_CHECK = "tests/test_docs/test_included_files.py::test_every_included_python_file_is_run_by_a_test"
# A line saying which lanes still run, so that a long run never looks stuck.
PROGRESS_SECONDS = 30
NOTHING_SELECTED = 5  # pytest.ExitCode.NO_TESTS_COLLECTED
INTERRUPTED = 2  # pytest.ExitCode.INTERRUPTED: Ctrl-C, or errors while collecting; the lane stops there


@dataclass
class Step:
    command: list[str]
    env: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        return shlex.join(
            [f"{name}={value}" for name, value in self.env.items()] + self.command
        )


@dataclass
class Lane:
    name: str
    steps: list[Step]
    # A selection that matches nothing passes, unless the lane exists to run something.
    may_select_nothing: bool = True


@dataclass
class Outcome:
    lane: Lane
    statuses: list[int]
    seconds: float
    log: Path

    @property
    def passed(self) -> bool:
        allowed = (0, NOTHING_SELECTED) if self.lane.may_select_nothing else (0,)
        return all(status in allowed for status in self.statuses)


def session_step(*arguments: str, **env: str) -> Step:
    """A pytest session, with this module as its plugin."""
    return Step(
        [sys.executable, "-m", "pytest", "-p", "tools.test_lanes", *arguments], env
    )


def lane_of(nodeid: str) -> str:
    """The lane a test runs in, from its node id (its path from the project root)."""
    if nodeid.startswith(SITE_PATHS):
        return SITE
    return QUEUES if nodeid.startswith(QUEUE_PATHS) else WORKERS


def lane_from_environment() -> str | None:
    """The lane this pytest session runs, or None for all of the suite; a clear error for a bad value."""
    lane = os.environ.get(LANE_ENV)
    if lane is not None and lane not in LANES:
        raise ValueError(f"{LANE_ENV} must be one of {', '.join(LANES)}, not {lane!r}")
    return lane


def make_test_lanes(pytest_arguments: list[str]) -> list[Lane]:
    return [
        Lane(
            SITE,
            [
                session_step(
                    *pytest_arguments,
                    THREAD_OR_QUEUE_LANE=SITE,
                    THREAD_OR_QUEUE_DATABASE="sqlite",
                )
            ],
        ),
        Lane(
            QUEUES,
            [
                session_step(
                    *pytest_arguments,
                    THREAD_OR_QUEUE_LANE=QUEUES,
                    THREAD_OR_QUEUE_DATABASE="sqlite",
                )
            ],
        ),
        Lane(
            WORKERS,
            [
                # The whole-suite check needs the site lane's record too, so it runs last, alone.
                session_step(
                    "--deselect",
                    WHOLE_SUITE_CHECK,
                    *pytest_arguments,
                    THREAD_OR_QUEUE_LANE=WORKERS,
                    THREAD_OR_QUEUE_DATABASE="sqlite",
                ),
                session_step(
                    "-m",
                    DATABASE_TESTS,
                    *pytest_arguments,
                    THREAD_OR_QUEUE_DATABASE="postgres",
                ),
            ],
        ),
    ]


def write_record(
    directory: Path,
    *,
    lane: str | None,
    database: str,
    whole_selection: bool,
    executed: set[Path],
) -> Path:
    """Leave, for the whole-suite check, which lane one pytest session ran, whether it ran all of
    it, and which project files it executed."""
    record = {
        "lane": lane,
        "database": database,
        "whole_selection": whole_selection,
        "executed": sorted(str(path) for path in executed),
    }
    path = directory / f"executed-{lane or 'all'}-{database}-{os.getpid()}.json"
    path.write_text(json.dumps(record, indent=1))
    return path


def executed_in_lanes(directory: Path) -> set[Path] | None:
    """The project files the lanes' sessions executed, together; None unless they covered the whole suite.

    Covered means: on SQLite, for every lane, a session ran all of that lane's tests, with nothing
    further selected (no ``-k``, ``-m`` or paths).
    """
    records = [
        json.loads(path.read_text())
        for path in sorted(directory.glob("executed-*.json"))
    ]
    covered = {
        record["lane"]
        for record in records
        if record["whole_selection"] and record["database"] == "sqlite"
    }
    if not set(LANES) <= covered:
        return None
    return {Path(path) for record in records for path in record["executed"]}


# As a pytest plugin, in every session the runner starts.


def pytest_configure(config):
    try:
        lane_from_environment()
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None


def pytest_collection_modifyitems(config, items):
    lane = lane_from_environment()
    if lane is not None:
        elsewhere = [item for item in items if lane_of(item.nodeid) != lane]
        if elsewhere:
            config.hook.pytest_deselected(items=elsewhere)
            items[:] = [item for item in items if lane_of(item.nodeid) == lane]


def pytest_sessionfinish(session, exitstatus):
    """Leave a record of the project files this session executed, for the whole-suite check."""
    records = os.environ.get(RECORDS_ENV)
    if records:
        from tools import executed_files

        # All the lane ran: its tests passed or failed, but none was left out or stopped early.
        ran_all = (
            selects_everything(session.config)
            and exitstatus in (0, 1)
            and not session.shouldstop
        )
        write_record(
            Path(records),
            lane=lane_from_environment(),
            database=os.environ.get("THREAD_OR_QUEUE_DATABASE", "sqlite"),
            whole_selection=ran_all,
            executed=executed_files.all_executed_files(),
        )


def selects_everything(config) -> bool:
    """No ``-k``, ``-m``, paths, ``--ignore`` or ``--deselect`` (but of the whole-suite check itself)."""
    option = config.option
    return (
        not option.keyword
        and not option.markexpr
        and not option.ignore
        and not option.ignore_glob
        and set(option.deselect or ()) <= {WHOLE_SUITE_CHECK}
        and config.args_source is pytest.Config.ArgsSource.TESTPATHS
    )


def run_lane(lane: Lane, directory: Path, env: dict[str, str]) -> Outcome:
    """Run the lane's steps one after the other, output to its log. A step whose tests failed does
    not stop the next; an interrupted one (Ctrl-C, a collection error, or a signal) does."""
    log = directory / f"{lane.name}.log"
    started = time.monotonic()
    statuses = []
    with log.open("w") as output:
        for step in lane.steps:
            output.write(f"$ {step.describe()}\n")
            output.flush()
            process = subprocess.run(
                step.command,
                cwd=ROOT,
                env={**env, **step.env},
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
            statuses.append(process.returncode)
            if process.returncode == INTERRUPTED or process.returncode < 0:
                break
    return Outcome(lane, statuses, time.monotonic() - started, log)


PYTEST_PERCENT = re.compile(r"\[\s*(\d+)%\]")


def how_far(lane: Lane, log: str) -> str:
    """The lane's name and how far its current step is, from pytest's ``[ 42%]`` marks:
    ``workers 42%``, ``workers step 2/2 7%`` once a later step runs, ``queues`` before any."""
    step = log.count("\n$ ") + log.startswith("$ ")
    current = log.rsplit("\n$ ", 1)[-1]
    marks = PYTEST_PERCENT.findall(current)
    where = f" step {step}/{len(lane.steps)}" if step > 1 else ""
    return f"{lane.name}{where} {marks[-1]}%" if marks else f"{lane.name}{where}"


def report_outcome(outcome: Outcome, report):
    verdict = (
        "passed" if outcome.passed else f"FAILED (exit statuses {outcome.statuses})"
    )
    report(
        f"\n===== lane {outcome.lane.name}: {verdict} in {outcome.seconds:.0f} s ====="
    )
    report(outcome.log.read_text().rstrip())


def _read(log: Path) -> str:
    return log.read_text(errors="replace") if log.is_file() else ""


def run_side_by_side(
    lanes: list[Lane], directory: Path, env: dict[str, str], report=print
) -> list[Outcome]:
    """Start every lane at once; report each lane's whole output as it ends, in the order they end."""
    finished: queue.Queue[Outcome] = queue.Queue()
    threads = [
        threading.Thread(
            target=lambda lane=lane: finished.put(run_lane(lane, directory, env)),
            name=f"lane-{lane.name}",
        )
        for lane in lanes
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    outcomes = []
    while len(outcomes) < len(lanes):
        try:
            outcomes.append(finished.get(timeout=PROGRESS_SECONDS))
        except queue.Empty:
            done = {outcome.lane.name for outcome in outcomes}
            running = [
                how_far(lane, _read(directory / f"{lane.name}.log"))
                for lane in lanes
                if lane.name not in done
            ]
            report(
                f"make test: {time.monotonic() - started:.0f} s, still running: {', '.join(running)}"
            )
            continue
        report_outcome(outcomes[-1], report)
    for thread in threads:
        thread.join()
    return outcomes


def run_all(lanes: list[Lane], last: Lane, directory: Path, report=print) -> int:
    """The lanes side by side, then the ``last`` lane on its own; 0 when all passed, else 1 and what failed."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    # The runner decides these for each step; values left over in the caller's shell must not leak in.
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name not in (LANE_ENV, REQUIRE_WHOLE_SUITE_ENV, "THREAD_OR_QUEUE_DATABASE")
    }
    env = {**inherited, RECORDS_ENV: str(directory)}
    report(
        f"make test: lanes {', '.join(lane.name for lane in lanes)} run side by side; "
        f"each prints its output when it ends (logs in {directory})"
    )
    outcomes = run_side_by_side(lanes, directory, env, report)
    outcomes.append(run_lane(last, directory, env))
    report_outcome(outcomes[-1], report)
    failed = [outcome.lane.name for outcome in outcomes if not outcome.passed]
    if failed:
        report(f"make test: FAILED: {', '.join(failed)}")
        return 1
    return 0


def main(pytest_arguments: list[str]) -> int:
    # With arguments the lanes ran a selection, and the check skips; without, it must find the whole suite.
    whole_suite_check = Lane(
        "whole-suite-check",
        [
            session_step(
                WHOLE_SUITE_CHECK,
                "-q",
                **({} if pytest_arguments else {REQUIRE_WHOLE_SUITE_ENV: "true"}),
            ),
        ],
        may_select_nothing=False,
    )
    try:
        return run_all(
            make_test_lanes(pytest_arguments),
            whole_suite_check,
            LANES_DIR,
            report=lambda text: print(text, flush=True),
        )
    except KeyboardInterrupt:
        # Ctrl-C reached the lanes' pytest processes too; each stops and cleans up on its own.
        print(
            f"make test: interrupted; what the lanes printed is in {LANES_DIR}",
            file=sys.stderr,
        )
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
