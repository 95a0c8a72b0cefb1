"""snippets/django_project/background.py: shutdown drains within its deadline and names what it left."""

import logging
import threading
import time


def resize_image(done):
    done.wait()


def send_receipt(sent):
    sent.append("receipt")


def test_shutdown_lets_queued_tasks_finish_when_the_deadline_allows(make_pool):
    pool = make_pool(max_workers=2)
    sent = []
    for _ in range(50):
        pool.submit(send_receipt, sent)
    report = pool.shutdown(deadline=5)
    assert (report.finished, report.failed, report.unfinished) == (50, 0, ())
    assert sent == ["receipt"] * 50


def test_shutdown_stops_at_the_deadline_and_names_running_and_queued_tasks(
    make_pool, caplog
):
    pool = make_pool(max_workers=1, name="stuck")
    release = threading.Event()
    sent = []
    pool.submit(resize_image, release)
    pool.submit(send_receipt, sent)
    pool.submit(send_receipt, sent)
    started = time.monotonic()
    with caplog.at_level(logging.INFO, logger="background"):
        report = pool.shutdown(deadline=0.2)
    took = time.monotonic() - started
    assert report.finished == 0
    assert report.unfinished == (
        f"{__name__}.resize_image",
        f"{__name__}.send_receipt",
        f"{__name__}.send_receipt",
    )
    assert 0.2 <= took < 0.2 + 1
    [draining, logged] = [r for r in caplog.records if r.name == "background"]
    assert (draining.levelno, draining.getMessage()) == (
        logging.INFO,
        "pool stuck draining 3 tasks for up to 0.2 s",
    )
    assert logged.levelno == logging.WARNING
    assert (
        logged.getMessage()
        == f"pool stuck shut down: 0 finished (0 failed), 3 unfinished: {list(report.unfinished)}"
    )
    assert pool.wait(timeout=0)  # nothing left that wait() could wait for
    # Once the stuck task returns, the worker skips the tasks the report gave up on, then exits.
    release.set()
    [worker] = [t for t in threading.enumerate() if t.name == "stuck_0"]
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert sent == []


def test_a_second_shutdown_returns_the_first_report(make_pool):
    pool = make_pool(max_workers=1)
    pool.submit(print, end="")
    first = pool.shutdown(deadline=5)
    assert pool.shutdown(deadline=0) is first
    assert first.finished == 1
