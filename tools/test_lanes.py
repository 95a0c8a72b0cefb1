"""``make test``'s runner: the browser tests and the rest of the suite side by side, then the check
that needs both.

The two halves of the suite load the machine differently. The browser tests keep Chromium busy
rendering and auditing pages; the other tests mostly wait for real worker processes, brokers and
databases. Run one after the other, the machine idles through much of the second kind; side by
side they finish sooner (README's table gives the time of a warm ``make test``).

- lane ``browser``: ``pytest -m browser``;
- lane ``others``: ``pytest -m "not browser"`` on SQLite, then the database tests again on
  PostgreSQL. These two stay in one lane, one after the other, because both start Celery workers
  on the same Redis queue, and a worker's test purges that queue first.

Each lane's output goes to ``.cache/test-lanes/<lane>.log`` and is printed whole when the lane
ends, so two progress lines never interleave. Every pytest session also leaves there a record of
the project files it executed (see ``tests/conftest.py``). When both lanes are done, a last session
runs ``test_every_included_python_file_is_run_by_a_test``, which checks the records together.

A lane step in which nothing matches the selection (pytest's exit status 5) is not a failure: with
``make test PYTEST_ARGS=tests/test_snippets``, the browser lane has nothing to run.
"""

import json
import os
import queue
import shlex
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LANES_DIR = ROOT / ".cache" / "test-lanes"
# Read by tests/conftest.py: where each pytest session writes what it executed.
RECORDS_ENV = "THREAD_OR_QUEUE_LANE_RECORDS"
BROWSER, NOT_BROWSER = "browser", "not browser"
DATABASE_TESTS = "django_db or postgres"
WHOLE_SUITE_CHECK = "tests/test_docs/test_included_files.py::test_every_included_python_file_is_run_by_a_test"
NOTHING_SELECTED = 5  # pytest.ExitCode.NO_TESTS_COLLECTED
INTERRUPTED = 2  # pytest.ExitCode.INTERRUPTED: Ctrl-C, so the lane's later steps are not started


@dataclass
class Step:
    command: list[str]
    env: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        return shlex.join([f"{name}={value}" for name, value in self.env.items()] + self.command)


@dataclass
class Lane:
    name: str
    steps: list[Step]


@dataclass
class Outcome:
    lane: Lane
    statuses: list[int]
    seconds: float
    log: Path

    @property
    def passed(self) -> bool:
        return all(status in (0, NOTHING_SELECTED) for status in self.statuses)


def pytest(*arguments: str, **env: str) -> Step:
    return Step([sys.executable, "-m", "pytest", *arguments], env)


def make_test_lanes(pytest_arguments: list[str]) -> list[Lane]:
    return [
        Lane("browser", [pytest("-m", BROWSER, *pytest_arguments)]),
        Lane("others", [
            # The whole-suite check needs the browser lane's record too, so it runs last, alone.
            pytest("-m", NOT_BROWSER, "--deselect", WHOLE_SUITE_CHECK, *pytest_arguments),
            pytest("-m", DATABASE_TESTS, *pytest_arguments, THREAD_OR_QUEUE_DATABASE="postgres"),
        ]),
    ]


def write_record(directory: Path, *, database: str, markers: str, whole_selection: bool, executed: set[Path]) -> Path:
    """Leave, for the whole-suite check, what one pytest session selected and which project files it executed."""
    record = {"database": database, "markers": markers, "whole_selection": whole_selection,
              "executed": sorted(str(path) for path in executed)}
    path = directory / f"executed-{os.getpid()}.json"
    path.write_text(json.dumps(record, indent=1))
    return path


def executed_in_lanes(directory: Path) -> set[Path] | None:
    """The project files the lanes' sessions executed, together; None unless they covered the whole suite.

    Covered means: on SQLite, one session ran every browser test and one every other test, each
    with nothing further selected (no ``-k``, no paths).
    """
    records = [json.loads(path.read_text()) for path in sorted(directory.glob("executed-*.json"))]
    covered = {record["markers"] for record in records if record["whole_selection"] and record["database"] == "sqlite"}
    if not {BROWSER, NOT_BROWSER} <= covered:
        return None
    return {Path(path) for record in records for path in record["executed"]}


def run_lane(lane: Lane, directory: Path, env: dict[str, str]) -> Outcome:
    """Run the lane's steps one after the other, output to its log; a failed step does not stop
    the next, an interrupted one (or one killed by a signal) does."""
    log = directory / f"{lane.name}.log"
    started = time.monotonic()
    statuses = []
    with log.open("w") as output:
        for step in lane.steps:
            output.write(f"$ {step.describe()}\n")
            output.flush()
            process = subprocess.run(step.command, cwd=ROOT, env={**env, **step.env},
                                     stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            statuses.append(process.returncode)
            if process.returncode == INTERRUPTED or process.returncode < 0:
                break
    return Outcome(lane, statuses, time.monotonic() - started, log)


def report_outcome(outcome: Outcome, report):
    verdict = "passed" if outcome.passed else f"FAILED (exit statuses {outcome.statuses})"
    report(f"\n===== lane {outcome.lane.name}: {verdict} in {outcome.seconds:.0f} s =====")
    report(outcome.log.read_text().rstrip())


def run_side_by_side(lanes: list[Lane], directory: Path, env: dict[str, str], report=print) -> list[Outcome]:
    """Start every lane at once; report each lane's whole output as it ends, in the order they end."""
    finished: queue.Queue[Outcome] = queue.Queue()
    threads = [threading.Thread(target=lambda lane=lane: finished.put(run_lane(lane, directory, env)),
                                name=f"lane-{lane.name}") for lane in lanes]
    for thread in threads:
        thread.start()
    outcomes = []
    for _ in lanes:
        outcomes.append(finished.get())
        report_outcome(outcomes[-1], report)
    for thread in threads:
        thread.join()
    return outcomes


def run_all(lanes: list[Lane], last: Lane, directory: Path, report=print) -> int:
    """The lanes side by side, then the ``last`` lane on its own; 0 when all passed, else 1 and what failed."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    env = {**os.environ, RECORDS_ENV: str(directory)}
    report(f"make test: lanes {', '.join(lane.name for lane in lanes)} run side by side; "
           f"each prints its output when it ends (logs in {directory})")
    outcomes = run_side_by_side(lanes, directory, env, report)
    outcomes.append(run_lane(last, directory, env))
    report_outcome(outcomes[-1], report)
    failed = [outcome.lane.name for outcome in outcomes if not outcome.passed]
    if failed:
        report(f"make test: FAILED: {', '.join(failed)}")
        return 1
    return 0


def main(pytest_arguments: list[str]) -> int:
    whole_suite_check = Lane("whole-suite-check", [pytest(WHOLE_SUITE_CHECK, "-q")])
    try:
        return run_all(make_test_lanes(pytest_arguments), whole_suite_check, LANES_DIR,
                       report=lambda text: print(text, flush=True))
    except KeyboardInterrupt:
        # Ctrl-C reached the lanes' pytest processes too; each stops and cleans up on its own.
        print(f"make test: interrupted; what the lanes printed is in {LANES_DIR}", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
