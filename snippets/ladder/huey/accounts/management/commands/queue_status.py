"""`python manage.py queue_status`: what waits in Huey's queue, and what failed."""

from django.core.management.base import BaseCommand
from huey.contrib.djhuey import HUEY
from huey.exceptions import TaskException


class Command(BaseCommand):
    help = "Count the tasks waiting for the consumer, the scheduled ones, and failures."

    def handle(self, *args, **options):
        self.stdout.write(f"waiting: {HUEY.pending_count()}")
        # Retries waiting out their retry_delay, and delayed tasks the consumer has
        # taken and holds until their time.
        self.stdout.write(f"scheduled: {HUEY.scheduled_count()}")
        self.stdout.write(f"failed: {failed_count()}")


def failed_count():
    """How many errors the result store holds: one per task that failed for good."""
    count = 0
    for key in HUEY.all_results():
        try:
            # Reading a result deletes it, unless preserve=True.
            HUEY.result(key, preserve=True)
        except TaskException:
            count += 1
    return count
