"""tools/test_lanes.py: lanes really run at the same time, each reports its whole output once, a
failure anywhere fails the run, a session keeps only its lane's tests, and the whole-suite check
counts only records that cover the suite."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools import test_lanes
from tools.test_lanes import Lane, Step

# Each side writes its own file, then waits (up to 20 s) for the other's: both can finish only
# if both run at once.
MEET = """
import pathlib, sys, time
here, there = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
here.touch()
deadline = time.monotonic() + 20
while not there.exists():
    if time.monotonic() > deadline:
        sys.exit(f"{there.name} never appeared: the lanes did not run side by side")
    time.sleep(0.01)
print("met", there.name)
"""


def python(code: str, *arguments: str) -> Step:
    return Step([sys.executable, "-c", code, *arguments])


def run(
    lanes: list[Lane], directory: Path
) -> tuple[list[test_lanes.Outcome], list[str]]:
    reported = []
    outcomes = test_lanes.run_side_by_side(lanes, directory, {}, report=reported.append)
    return outcomes, reported


def test_lanes_run_at_the_same_time_and_each_output_is_reported_whole(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    lanes = [
        Lane("one", [python(MEET, str(a), str(b))]),
        Lane("two", [python(MEET, str(b), str(a))]),
    ]
    outcomes, reported = run(lanes, tmp_path)
    assert [outcome.passed for outcome in outcomes] == [True, True]
    text = "\n".join(reported)
    assert "met b" in text and "met a" in text
    for name in ("one", "two"):
        assert text.count(f"===== lane {name}: passed in ") == 1


def test_a_failing_step_fails_its_lane_and_the_steps_after_it_still_run(tmp_path):
    lane = Lane(
        "failing",
        [
            python("import sys; print('first step'); sys.exit(1)"),
            # pytest's status when nothing matches the selection: not a failure.
            python("import sys; print('second step'); sys.exit(5)"),
        ],
    )
    [outcome], reported = run([lane], tmp_path)
    assert not outcome.passed
    assert outcome.statuses == [1, 5]
    assert "===== lane failing: FAILED (exit statuses [1, 5])" in reported[0]
    assert "first step" in reported[1] and "second step" in reported[1]


def test_an_interrupted_step_stops_its_lane(tmp_path):
    lane = Lane(
        "interrupted",
        [python("import sys; sys.exit(2)"), python("print('never started')")],
    )
    [outcome], reported = run([lane], tmp_path)
    assert outcome.statuses == [2]
    assert not outcome.passed
    assert "never started" not in reported[1]


def test_nothing_selected_is_not_a_failure_unless_the_lane_must_run_something(tmp_path):
    [outcome], _ = run([Lane("empty", [python("import sys; sys.exit(5)")])], tmp_path)
    assert outcome.passed
    [outcome], _ = run(
        [Lane("check", [python("import sys; sys.exit(5)")], may_select_nothing=False)],
        tmp_path,
    )
    assert not outcome.passed


def test_settings_left_in_the_callers_environment_do_not_reach_the_steps(
    tmp_path, monkeypatch
):
    monkeypatch.setenv(test_lanes.LANE_ENV, "site")
    monkeypatch.setenv("THREAD_OR_QUEUE_DATABASE", "postgres")
    shows = "import os; print([os.environ.get(name) for name in ('THREAD_OR_QUEUE_LANE', 'THREAD_OR_QUEUE_DATABASE')])"
    reported = []
    test_lanes.run_all(
        [Lane("one", [python(shows)])],
        Lane("last", [python("pass")]),
        tmp_path / "lanes",
        reported.append,
    )
    assert "[None, None]" in "\n".join(reported)


def test_the_last_step_runs_after_the_lanes_and_sees_their_records(tmp_path):
    writes_record = "import os, pathlib; (pathlib.Path(os.environ['%s']) / 'executed-%s.json').write_text('{}')"
    lanes = [
        Lane(name, [python(writes_record % (test_lanes.RECORDS_ENV, name))])
        for name in ("one", "two")
    ]
    counts_records = f"import os, pathlib; print(len(list(pathlib.Path(os.environ['{test_lanes.RECORDS_ENV}']).glob('executed-*'))), 'records')"
    reported = []
    assert (
        test_lanes.run_all(
            lanes,
            Lane("count", [python(counts_records)]),
            tmp_path / "lanes",
            reported.append,
        )
        == 0
    )
    assert reported[-1].endswith("2 records")


def test_a_failing_last_step_fails_the_run_and_is_named(tmp_path):
    reported = []
    status = test_lanes.run_all(
        [Lane("fine", [python("pass")])],
        Lane("last", [python("import sys; sys.exit(1)")]),
        tmp_path / "lanes",
        reported.append,
    )
    assert status == 1
    assert reported[-1] == "make test: FAILED: last"


def test_a_step_is_shown_with_its_settings_quoted_for_a_shell():
    step = test_lanes.session_step(
        "-m", "django_db or postgres", THREAD_OR_QUEUE_DATABASE="postgres"
    )
    assert step.describe().startswith("THREAD_OR_QUEUE_DATABASE=postgres ")
    assert step.describe().endswith(
        " -m pytest -p tools.test_lanes -m 'django_db or postgres'"
    )


def test_make_test_lanes_run_each_lane_then_postgres_and_pass_on_the_arguments():
    lanes = test_lanes.make_test_lanes(["-x"])
    assert [lane.name for lane in lanes] == list(test_lanes.LANES)
    assert [step.env for lane in lanes for step in lane.steps] == [
        {"THREAD_OR_QUEUE_LANE": "site", "THREAD_OR_QUEUE_DATABASE": "sqlite"},
        {"THREAD_OR_QUEUE_LANE": "queues", "THREAD_OR_QUEUE_DATABASE": "sqlite"},
        {"THREAD_OR_QUEUE_LANE": "workers", "THREAD_OR_QUEUE_DATABASE": "sqlite"},
        {"THREAD_OR_QUEUE_DATABASE": "postgres"},
    ]
    assert all(step.command[-1] == "-x" for lane in lanes for step in lane.steps)


def test_every_test_has_one_lane_by_its_path():
    assert (
        test_lanes.lane_of(
            "tests/test_site/test_accessibility.py::test_no_serious_or_critical_violation_on_any_page"
        )
        == "site"
    )
    assert (
        test_lanes.lane_of("tests/test_benchmarks/test_gil_cpu_vs_io.py::test_x")
        == "site"
    )
    assert (
        test_lanes.lane_of("tests/test_snippets/ladder/test_celery.py::test_x")
        == "queues"
    )
    assert (
        test_lanes.lane_of("tests/test_snippets/django_project/test_signup.py::test_x")
        == "workers"
    )
    # Rungs that need neither Redis nor RabbitMQ run beside the queue tests.
    assert (
        test_lanes.lane_of("tests/test_snippets/ladder/test_procrastinate.py::test_x")
        == "workers"
    )
    assert (
        test_lanes.lane_of("tests/test_snippets/ladder/test_rq_watch.py::test_x")
        == "queues"
    )
    assert test_lanes.lane_of("docs/ladder/rq.md::line:10,column:1") == "workers"


def test_an_unknown_lane_is_refused_with_the_known_ones(monkeypatch):
    monkeypatch.setenv(test_lanes.LANE_ENV, "browser")
    with pytest.raises(
        ValueError,
        match="THREAD_OR_QUEUE_LANE must be one of site, queues, workers, not 'browser'",
    ):
        test_lanes.lane_from_environment()


def record(
    directory: Path,
    lane: str | None,
    *executed: str,
    whole_selection: bool = True,
    database: str = "sqlite",
):
    # Each record is named after the process that writes it; here one process writes several.
    path = test_lanes.write_record(
        directory,
        lane=lane,
        database=database,
        whole_selection=whole_selection,
        executed={Path(name) for name in executed},
    )
    path.rename(path.with_name(f"executed-{lane}-{database}-{whole_selection}.json"))


def test_records_of_every_lane_give_the_union_of_what_they_executed(tmp_path):
    record(tmp_path, test_lanes.SITE, "/p/snippets/safe_thread/x.py")
    record(tmp_path, test_lanes.QUEUES, "/p/snippets/ladder/rq/accounts/tasks.py")
    record(tmp_path, test_lanes.WORKERS, "/p/snippets/tutorial/first_thread001.py")
    record(tmp_path, None, "/p/snippets/django_project/x.py", database="postgres")
    assert test_lanes.executed_in_lanes(tmp_path) == {
        Path("/p/snippets/safe_thread/x.py"),
        Path("/p/snippets/ladder/rq/accounts/tasks.py"),
        Path("/p/snippets/tutorial/first_thread001.py"),
        Path("/p/snippets/django_project/x.py"),
    }


def test_records_that_miss_part_of_the_suite_cover_nothing(tmp_path):
    assert test_lanes.executed_in_lanes(tmp_path) is None
    record(tmp_path, test_lanes.SITE, "/p/a.py")
    record(tmp_path, test_lanes.QUEUES, "/p/c.py")
    assert test_lanes.executed_in_lanes(tmp_path) is None
    # A lane narrowed with -k, -m or a path did not run all its tests.
    record(tmp_path, test_lanes.WORKERS, "/p/b.py", whole_selection=False)
    assert test_lanes.executed_in_lanes(tmp_path) is None
    # The PostgreSQL pass runs the database tests only.
    record(tmp_path, test_lanes.WORKERS, "/p/b.py", database="postgres")
    assert test_lanes.executed_in_lanes(tmp_path) is None


def collect_in_lane(lane: str, *paths: str) -> subprocess.CompletedProcess:
    command = test_lanes.session_step("--collect-only", "-q", *paths).command
    return subprocess.run(
        command,
        cwd=test_lanes.ROOT,
        env={**os.environ, test_lanes.LANE_ENV: lane},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_session_keeps_only_its_lanes_tests_whatever_the_paths():
    this_file = "tests/test_tools/test_test_lanes.py"
    kept = collect_in_lane("site", this_file, "docs/ladder/asyncio.md")
    assert kept.returncode == 0, kept.stdout + kept.stderr
    assert this_file in kept.stdout and "docs/ladder/asyncio.md" not in kept.stdout
    left_out = collect_in_lane("workers", this_file)
    assert left_out.returncode == test_lanes.NOTHING_SELECTED, (
        left_out.stdout + left_out.stderr
    )


def test_a_session_refuses_an_unknown_lane():
    refused = collect_in_lane("browser", "tests/test_tools/test_test_lanes.py")
    assert refused.returncode == 4  # pytest's usage error
    assert (
        "THREAD_OR_QUEUE_LANE must be one of site, queues, workers, not 'browser'"
        in refused.stderr
    )


def test_how_far_reads_pytests_last_percentage_of_the_current_step():
    lane = test_lanes.Lane("workers", [test_lanes.Step(["a"]), test_lanes.Step(["b"])])
    assert test_lanes.how_far(lane, "") == "workers"
    first = "$ pytest a\n....... [ 10%]\n....... [ 42%]\n...."
    assert test_lanes.how_far(lane, first) == "workers 42%"
    second = first + "\n1 passed\n$ pytest b\n.... [  7%]\n.."
    assert test_lanes.how_far(lane, second) == "workers step 2/2 7%"
    assert test_lanes.how_far(lane, first + "\n$ pytest b\n") == "workers step 2/2"
