"""The settings of the project's tests: its own, with an in-memory Dramatiq broker."""

from .settings import *  # noqa: F403
from .settings import DRAMATIQ_BROKER

# The StubBroker keeps messages in this process, where the tests start a worker. The
# middleware stays the production list, so retries and time limits apply as they do
# there.
DRAMATIQ_BROKER = {
    **DRAMATIQ_BROKER,
    "BROKER": "dramatiq.brokers.stub.StubBroker",
    "OPTIONS": {},
}
