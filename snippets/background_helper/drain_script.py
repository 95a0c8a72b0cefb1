"""A long-running script that owns its signals: SIGTERM or a normal exit drains its pool.

    python drain_script.py MODE BLOCKED QUICK DEADLINE

It submits BLOCKED tasks that wait until a line arrives on stdin and QUICK tasks that
return at once, prints "ready", then either waits for SIGTERM (MODE "sigterm") or ends
at once (MODE "exit"). Either way the pool's drain logs its report on stderr.
Run with ``snippets/django_project`` on ``PYTHONPATH``, as the tests do.
"""

import os
import sys
import threading
import time

# --8<-- [start:wiring]
import background


def build_pool(deadline, on_sigterm):
    pool = background.BackgroundPool(max_workers=2, name="script", exit_deadline=deadline)
    if on_sigterm:
        background.drain_on_sigterm()  # SIGTERM becomes a normal exit, so atexit drains the pool
    return pool
# --8<-- [end:wiring]


def wait_for_release(released):
    released.wait()


def quick_task():
    pass


def fill(pool, blocked, quick, released):
    for _ in range(blocked):
        pool.submit(wait_for_release, released)
    for _ in range(quick):
        pool.submit(quick_task)


def release_on_stdin_line(released):
    if sys.stdin.readline():  # a line, not end of file
        released.set()


def main(mode, blocked, quick, deadline):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signup_project.settings")
    django.setup()
    pool = build_pool(deadline, on_sigterm=mode == "sigterm")
    released = threading.Event()
    threading.Thread(target=release_on_stdin_line, args=(released,), daemon=True).start()
    fill(pool, blocked, quick, released)
    print("ready", flush=True)
    while mode == "sigterm":
        # Not signal.pause(): a signal that lands just before pause() starts would be missed.
        time.sleep(0.1)


if __name__ == "__main__":
    mode, blocked, quick, deadline = sys.argv[1:]
    main(mode, int(blocked), int(quick), float(deadline))
