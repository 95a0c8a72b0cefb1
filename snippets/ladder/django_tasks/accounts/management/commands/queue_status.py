"""`python manage.py queue_status`: what waits in the task table, and what failed."""

from django.core.management.base import BaseCommand
from django.db.models import Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "Count the tasks waiting for a worker, the oldest one's age, and failures."

    def handle(self, *args, **options):
        # The querysets db_worker itself uses: ready() is READY and due now.
        waiting = DBTaskResult.objects.ready()
        oldest = waiting.aggregate(enqueued_at=Min("enqueued_at"))["enqueued_at"]
        self.stdout.write(f"waiting: {waiting.count()}")
        self.stdout.write(f"oldest waiting: {age(oldest)}")
        # A worker killed mid-task leaves its row RUNNING for good.
        self.stdout.write(f"running: {DBTaskResult.objects.running().count()}")
        self.stdout.write(f"failed: {DBTaskResult.objects.failed().count()}")


def age(since):
    if since is None:
        return "-"
    return f"{(timezone.now() - since).total_seconds():.0f} s"
