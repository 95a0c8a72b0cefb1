"""`python manage.py queue_status`: how many tasks wait in the broker for a worker."""

from django.core.management.base import BaseCommand

from signup_project.celery import app


class Command(BaseCommand):
    help = "Count the messages waiting in the broker's queue, on Redis or RabbitMQ."

    def handle(self, *args, **options):
        name = app.conf.task_default_queue
        with app.connection_for_read() as connection:
            # The queue as Celery declares it; declaring it again answers with its
            # count of messages that no worker has taken yet.
            queue = app.amqp.queues[name](connection.default_channel)
            declared = queue.queue_declare()
        self.stdout.write(f"waiting: {declared.message_count}")
