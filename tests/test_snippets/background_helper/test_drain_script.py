"""snippets/background_helper/drain_script.py drains its pool on SIGTERM and at a normal exit.

The script runs as a real process; the test signals it and reads the drain report it logs.
"""

import ast
import importlib.util
import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest

from tests.helpers.snippets import ROOT, snippet_path

SCRIPT = snippet_path("background_helper/drain_script.py")
REPORT = re.compile(r"pool script shut down: (\d+) finished \((\d+) failed\), (\d+) unfinished: (\[.*\])")
BLOCKED_NAME = "__main__.wait_for_release"


def start(mode, blocked, quick, deadline):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "snippets" / "django_project")}
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), mode, str(blocked), str(quick), str(deadline)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )
    assert process.stdout.readline() == "ready\n", process.stderr.read()
    return process


def wait_for_exit(process, deadline):
    """The script's stderr once it has exited; a clear failure if it outlives its deadline by far."""
    try:
        return process.communicate(timeout=deadline + 10)[1]
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
        pytest.fail(f"the script was still running {deadline + 10} s after it was told to stop:\n{stderr}")


def finish(process, deadline, *, release=False):
    """Send SIGTERM (optionally then release the blocked tasks); return report, exit code, seconds."""
    signalled = time.monotonic()
    process.send_signal(signal.SIGTERM)
    if release:
        process.stdin.write("go\n")
        process.stdin.flush()
    stderr = wait_for_exit(process, deadline)
    elapsed = time.monotonic() - signalled
    match = REPORT.search(stderr)
    assert match, f"no drain report in the script's stderr:\n{stderr}"
    finished, failed, unfinished_count, unfinished = match.groups()
    return int(finished), int(failed), int(unfinished_count), ast.literal_eval(unfinished), process.returncode, elapsed


def test_sigterm_drains_every_task_when_the_work_ends_within_the_deadline():
    process = start("sigterm", blocked=2, quick=20, deadline=5)
    finished, failed, unfinished_count, unfinished, code, elapsed = finish(process, 5, release=True)
    assert (finished, failed, unfinished) == (22, 0, [])
    assert code == 128 + signal.SIGTERM
    assert elapsed < 5 + 2
    print(f"\nSIGTERM, all released: {finished} finished, drain and exit took {elapsed:.2f} s")


def test_sigterm_reports_what_is_stuck_and_exits_at_the_deadline():
    deadline = 0.5
    process = start("sigterm", blocked=1, quick=20, deadline=deadline)
    finished, failed, unfinished_count, unfinished, code, elapsed = finish(process, deadline)
    assert finished + unfinished_count == 21
    assert (finished, unfinished) == (20, [BLOCKED_NAME])
    assert code == 128 + signal.SIGTERM
    assert deadline <= elapsed < deadline + 2
    print(f"\nSIGTERM, one stuck: {finished} finished, {unfinished}, exit after {elapsed:.2f} s")


@pytest.mark.parametrize("blocked", [0, 1])
def test_a_normal_exit_drains_too(blocked):
    deadline = 0.5
    process = start("exit", blocked=blocked, quick=20, deadline=deadline)
    started = time.monotonic()
    stderr = wait_for_exit(process, deadline)
    elapsed = time.monotonic() - started
    match = REPORT.search(stderr)
    assert match, f"no drain report in the script's stderr:\n{stderr}"
    assert (int(match[1]), ast.literal_eval(match[4])) == (20, [BLOCKED_NAME] * blocked)
    assert process.returncode == 0
    assert elapsed < deadline + 2


def test_the_script_builds_and_fills_a_pool_in_process_too():
    # The same functions, run here so the code the page includes is executed by the test suite.
    spec = importlib.util.spec_from_file_location("drain_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    pool = module.build_pool(deadline=1, on_sigterm=False)
    released = threading.Event()
    released.set()
    module.fill(pool, blocked=2, quick=3, released=released)
    assert pool.wait(timeout=5)
    assert pool.shutdown(deadline=1).finished == 5
