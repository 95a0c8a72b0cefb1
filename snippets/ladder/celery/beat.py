"""A schedule for Celery beat: the app of app.py, with one task sent again and again."""

from snippets.ladder.celery.app import app

# Beat sends each entry as a task message on its schedule; a worker runs it. Every second here,
# so the test need not wait; for every morning, write crontab(hour=9, minute=0) (from celery.schedules).
app.conf.beat_schedule = {
    "daily-digest": {
        "task": "snippets.ladder.celery.app.send_welcome_email",
        "schedule": 1.0,
        "args": ("digest@example.com",),
    },
}
