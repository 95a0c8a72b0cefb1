"""snippets/ladder/huey/: the periodic report of ``accounts/tasks.py``, enqueued by `run_huey` itself.

The shown task runs every day at 07:00 UTC (``crontab(minute="0", hour="7")``), and Huey's
consumer looks at its periodic tasks when it starts, then once a minute. The first test asks
the shown schedule directly, through ``HUEY.read_periodic(when)``, the call the consumer's
scheduler makes at each look. The others run the consumer command the page shows
(``workers.ExampleProject``) with the overlay ``huey_periodic_settings.py``: the scheduler looks
every second instead of every minute, and each look asks the shown crontab about 07:00 UTC, so
the tests wait seconds, not a day or a minute. Huey's consumer options offer nothing shorter:
``--scheduler-interval`` (1 s by default) is how often the scheduler wakes to enqueue delayed
tasks; it looks at the periodic tasks only on its first wake of each minute. The report goes to
``ADMINS`` (``ops@example.com``), which the email journal records
(``tests/helpers/journal_email_backend.py``).
"""

import json

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.huey import huey_project
from tests.test_snippets.ladder.huey.huey_project import CONSUMER, PAGE, SETTINGS

SECOND_CONSUMER = "python manage.py run_huey --no-periodic"
PERIODIC_SETTINGS = "tests.test_snippets.ladder.huey.huey_periodic_settings"
REPORT_TO = "ops@example.com"
# What the scheduler logs each time it puts the report on the queue.
ENQUEUED = "Enqueueing periodic task accounts.tasks.send_signup_report"

READ_THE_SCHEDULE = """
import datetime
import json
from huey.contrib.djhuey import HUEY
import accounts.tasks  # registers the tasks

times = [
    datetime.datetime(2030, 1, 7, 7, 0),  # a Monday
    datetime.datetime(2030, 1, 7, 7, 0, 59),
    datetime.datetime(2030, 1, 12, 7, 0),  # a Saturday
    datetime.datetime(2030, 1, 7, 6, 59),
    datetime.datetime(2030, 1, 7, 7, 1),
    datetime.datetime(2030, 1, 7, 8, 0),
    datetime.datetime(2030, 1, 7, 19, 0),
    datetime.datetime(2030, 1, 7, 0, 0),
]
due = {when.strftime("%a %H:%M:%S"): [task.name for task in HUEY.read_periodic(when)]
       for when in times}
print(json.dumps({"utc": HUEY.utc, "due": due}))
"""


def reports(project) -> int:
    return workers.outbox_lines(project.outbox).count(f"sent {REPORT_TO}")


def test_shown_schedule_is_due_at_07_00_utc_only(tmp_path):
    project = huey_project.make_project(tmp_path, SETTINGS)
    printed = json.loads(project.shell(READ_THE_SCHEDULE).strip().splitlines()[-1])
    report = ["send_signup_report"]
    assert printed == {
        # Huey compares the schedule with the time in UTC (its default, utc=True).
        "utc": True,
        "due": {
            "Mon 07:00:00": report,
            "Mon 07:00:59": report,
            "Sat 07:00:00": report,
            "Mon 06:59:00": [],
            "Mon 07:01:00": [],
            "Mon 08:00:00": [],
            "Mon 19:00:00": [],
            "Mon 00:00:00": [],
        },
    }


def test_consumer_sends_the_periodic_report_again_and_again(tmp_path):
    project = huey_project.make_project(tmp_path, PERIODIC_SETTINGS)
    # The shown command, with the shown settings: periodic tasks are on by default.
    with project.start(workers.shown_command(PAGE, CONSUMER)) as consumer:
        workers.wait_until(lambda: reports(project) >= 3, "a third report", consumer)
        consumer.stop()
    assert "Periodic tasks are enabled." in consumer.log()
    assert consumer.log().count(ENQUEUED) >= 3


def test_every_consumer_enqueues_the_periodic_report(tmp_path):
    project = huey_project.make_project(tmp_path, PERIODIC_SETTINGS)
    shown = workers.shown_command(PAGE, CONSUMER)
    with (
        project.start(shown, "first.log") as first,
        project.start(shown, "second.log") as second,
    ):
        for consumer in (first, second):
            workers.wait_until(
                lambda consumer=consumer: ENQUEUED in consumer.log(),
                "each consumer to enqueue the report",
                consumer,
            )


def test_consumer_started_with_no_periodic_enqueues_no_periodic_task(tmp_path):
    project = huey_project.make_project(tmp_path, PERIODIC_SETTINGS)
    with (
        project.start(workers.shown_command(PAGE, CONSUMER), "first.log") as first,
        project.start(
            workers.shown_command(PAGE, SECOND_CONSUMER), "second.log"
        ) as second,
    ):
        huey_project.wait_ready(second)
        # The first consumer's scheduler ticks every second: let it look three more
        # times while the second one runs, each time enqueueing the report.
        seen = first.log().count(ENQUEUED)
        workers.wait_until(
            lambda: first.log().count(ENQUEUED) >= seen + 3,
            "three more looks at the periodic tasks",
            first,
        )
        assert second.is_alive()
    assert "Periodic tasks are disabled." in second.log()
    assert ENQUEUED not in second.log()
