"""`python manage.py queue_status`: the jobs waiting, and those that failed."""

from django.core.management.base import BaseCommand
from django.db.models import Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob


class Command(BaseCommand):
    help = "Count the jobs waiting for a worker, the oldest one's age, and failures."

    def handle(self, *args, **options):
        jobs = ProcrastinateJob.objects
        todo = jobs.filter(status="todo")
        # A job scheduled for later (schedule_in, a retry's wait) is not due yet.
        due = Q(scheduled_at__isnull=True) | Q(scheduled_at__lte=timezone.now())
        waiting = todo.filter(due).annotate(
            # The row keeps no enqueue time; its "deferred" event does.
            deferred_at=Min(
                "procrastinateevent__at", filter=Q(procrastinateevent__type="deferred")
            ),
            waiting_since=Coalesce("scheduled_at", "deferred_at"),
        )
        oldest = waiting.order_by("waiting_since").first()
        self.stdout.write(f"waiting: {waiting.count()}")
        self.stdout.write(f"oldest waiting: {age(oldest and oldest.waiting_since)}")
        self.stdout.write(f"scheduled later: {todo.exclude(due).count()}")
        # A worker killed mid-job leaves it "doing" until retry_stalled_jobs runs.
        self.stdout.write(f"doing: {jobs.filter(status='doing').count()}")
        self.stdout.write(f"failed: {jobs.filter(status='failed').count()}")


def age(since):
    if since is None:
        return "-"
    return f"{(timezone.now() - since).total_seconds():.0f} s"
