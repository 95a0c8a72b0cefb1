"""``python manage.py requeue_lost_tasks``: put back in the queue each task whose
db_worker died running it. Made to run on a schedule: cron or a systemd timer."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class WorkerLost(Exception):
    """The error recorded on a task whose worker died on every attempt."""


class Command(BaseCommand):
    help = "Run again each task left RUNNING by a db_worker that died."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=30,
            metavar="MINUTES",
            help="leave tasks that started later to their worker (default: 30 minutes)",
        )
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=3,
            help="fail a task that was started this many times (default: 3)",
        )

    def handle(self, *args, older_than, max_attempts, **options):
        # db_worker has no time limit: pick more minutes than any task of yours runs,
        # or a task still running is run a second time beside it.
        started_before = timezone.now() - timedelta(minutes=older_than)
        lost = DBTaskResult.objects.running().filter(started_at__lt=started_before)
        requeued = failed = 0
        for task in lost:
            # Changed only if nothing else changed it since it was read: its worker
            # finishing late, or another run of this command.
            unchanged = DBTaskResult.objects.filter(
                pk=task.pk,
                status=TaskResultStatus.RUNNING,
                started_at=task.started_at,
            )
            attempts = len(task.worker_ids)  # each worker that took it added its id
            if attempts < max_attempts:
                # READY: the next db_worker takes it, as a task just enqueued.
                requeued += unchanged.update(status=TaskResultStatus.READY)
                continue
            failed += unchanged.update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path=f"{__name__}.{WorkerLost.__qualname__}",
                traceback=f"WorkerLost: its worker died on all {attempts} attempts\n",
            )
        self.stdout.write(f"lost tasks requeued: {requeued}, failed: {failed}")
