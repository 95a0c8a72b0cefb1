"""The Huey rung's project, ``snippets/ladder/huey/``, as every test of it runs it.

Huey keeps its queue in the project's SQLite database (the overlay, ``huey_settings.py``,
puts it in the test's folder), so each test has a queue of its own. The
``project`` fixture is in this folder's ``conftest.py``.
"""

from tests.test_snippets.ladder import workers

PAGE = "ladder/huey.md"
CONSUMER = "python manage.py run_huey"
SETTINGS = "tests.test_snippets.ladder.huey.huey_settings"
# What run_huey logs once its workers and scheduler run.
READY = "Huey consumer started"


def make_project(data_dir, settings: str = SETTINGS) -> workers.ExampleProject:
    """The project with the settings overlay ``settings``, migrated."""
    project = workers.ExampleProject(
        "ladder/huey", data_dir, settings=settings, **workers.SECRET
    )
    project.migrate()
    return project


def wait_ready(worker: workers.Worker) -> None:
    workers.wait_until(lambda: READY in worker.log(), "the consumer to start", worker)


def pending(project: workers.ExampleProject) -> int:
    """How many tasks wait in Huey's queue."""
    printed = project.shell(
        "from huey.contrib.djhuey import HUEY\nprint(HUEY.pending_count())\n"
    )
    return int(printed.strip().splitlines()[-1])
