"""The Celery rung's project, ``snippets/ladder/celery/``, as every test of it runs it.

The rung's own tests and the watch how-to share a queue (``celery_settings.py``) on Redis
database 7 or on RabbitMQ, and empty it before each test; the defaults and graceful-stop tests
each have a queue and a Redis database of their own, which they empty whole.
"""

from kombu import Connection
from kombu.exceptions import ChannelError
from redis import Redis

from tests.test_snippets.ladder import workers

PAGE = "ladder/celery.md"
WORKER = "celery -A signup_project worker --loglevel INFO"
SETTINGS = "tests.test_snippets.ladder.celery.celery_settings"
QUEUE = "toq_ladder_celery"  # celery_settings.CELERY_TASK_DEFAULT_QUEUE
BROKERS = {"redis": workers.REDIS_URL, "rabbitmq": workers.RABBITMQ_URL}


def empty_the_queue(broker_url: str) -> None:
    """Drop what an earlier test left on the tests' queue (a killed worker leaves messages)."""
    if broker_url == workers.REDIS_URL:
        client = Redis.from_url(broker_url)
        # Kombu's Redis transport: one list per queue and priority, and the messages
        # that workers took but did not acknowledge, which it would put back later.
        client.delete(*client.scan_iter(f"{QUEUE}*"), "unacked", "unacked_index")
        return
    with Connection(broker_url) as connection:
        try:
            connection.default_channel.queue_purge(QUEUE)
        except ChannelError:  # no such queue yet
            pass


def on_the_tests_queue(broker: str) -> str:
    """The URL of ``broker`` (``redis`` or ``rabbitmq``), its tests' queue emptied."""
    if broker == "rabbitmq":
        workers.need_rabbitmq()
    else:
        workers.need_redis()
    empty_the_queue(BROKERS[broker])
    return BROKERS[broker]


def on_an_empty_database(redis_url: str) -> str:
    """``redis_url``, a Redis database of one test module's alone, emptied whole."""
    workers.need_redis()
    Redis.from_url(redis_url).flushdb()
    return redis_url


def make_project(
    data_dir,
    broker_url: str,
    settings: str = SETTINGS,
    relative_dir: str = "ladder/celery",
    **env: str,
) -> workers.ExampleProject:
    """The project on ``broker_url`` with the overlay ``settings``, migrated."""
    project = workers.ExampleProject(
        relative_dir,
        data_dir,
        settings=settings,
        CELERY_BROKER_URL=broker_url,
        **workers.SECRET,
        **env,
    )
    project.migrate()
    return project
