"""The Dramatiq rung's project, ``snippets/ladder/dramatiq/``, as every test of it runs it.

The page, the worker command it shows, the queue and the environment the project reads, and
``make_project``, which the safe-to-repeat how-to uses for its own projects too. The fixtures
are in ``conftest.py`` files: this folder's (``project``, ``broker``) and, shared with the
how-to, ``tests/test_snippets/conftest.py`` (``dramatiq_broker``).
"""

from tests.test_snippets.ladder import workers

PAGE = "ladder/dramatiq.md"
WORKER = "python manage.py rundramatiq --processes 2 --threads 8"
# The actor's queue: Dramatiq's default name. The Dramatiq tests use it one at a time.
QUEUE = "default"
ENVIRONMENT = {
    # The shown settings read both from the environment, as production does.
    **workers.SECRET,
    "DRAMATIQ_BROKER_URL": workers.RABBITMQ_URL,
}
READY = "Worker process is ready for action."


def make_project(
    data_dir, relative_dir: str = "ladder/dramatiq", **env: str
) -> workers.ExampleProject:
    """The project in ``relative_dir``, on the tests' RabbitMQ, migrated."""
    project = workers.ExampleProject(relative_dir, data_dir, **ENVIRONMENT, **env)
    project.migrate()
    return project
