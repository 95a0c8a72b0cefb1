"""`python manage.py queue_status`: what waits in RabbitMQ, and what failed."""

import pika
from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.tasks import send_welcome_email


class Command(BaseCommand):
    help = "Count the messages waiting in RabbitMQ, the delayed ones, and dead letters."

    def handle(self, *args, **options):
        # Dramatiq keeps three queues per name: messages ready to run, delayed ones
        # (delays and retry waits) in .DQ, and dead letters (failed for good) in .XQ.
        name = send_welcome_email.queue_name
        url = settings.DRAMATIQ_BROKER["OPTIONS"]["url"]
        with pika.BlockingConnection(pika.URLParameters(url)) as connection:
            channel = connection.channel()
            # passive=True only reads a queue's counts; it never creates the queue.
            ready = channel.queue_declare(name, passive=True).method
            delayed = channel.queue_declare(f"{name}.DQ", passive=True).method
            dead = channel.queue_declare(f"{name}.XQ", passive=True).method
        self.stdout.write(f"waiting: {ready.message_count}")
        # Each running worker process consumes the queue.
        self.stdout.write(f"consumers: {ready.consumer_count}")
        self.stdout.write(f"delayed: {delayed.message_count}")
        self.stdout.write(f"dead-lettered: {dead.message_count}")
