"""Send the welcome email with Django's Tasks framework; `manage.py db_worker` runs it."""

from django.tasks import task

from snippets.ladder import welcome


@task
def send_welcome_email(address):
    return welcome.send_welcome_email(address)


@task
def send_welcome_email_when_released(address):
    return welcome.send_welcome_email_when_released(address)


@task
def send_welcome_email_or_fail(address, failures):
    return welcome.send_welcome_email_or_fail(address, failures)
