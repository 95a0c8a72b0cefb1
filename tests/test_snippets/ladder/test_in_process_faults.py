"""A thread, the helper's pool or an asyncio task lives in the web process: SIGKILL it and the work is gone.

Each test starts a real process that begins the held welcome email the way the
rung does (a thread; the background helper; an asyncio task kept in a set), kills it in the middle, and
checks that nothing anywhere sends the email afterwards: there is no queue to
take it from.
"""

import sys
import uuid

import pytest

from tools import comparison
from tests.test_snippets.ladder import workers

THREAD = """
import sys, threading
from snippets.ladder import welcome
threading.Thread(target=welcome.send_welcome_email_when_released, args=(sys.argv[1],)).start()
"""

# The helper's exit drain would wait for the held task; SIGKILL leaves it no chance.
HELPER = """
import os, sys
sys.path.insert(0, "snippets/django_project")
os.environ["DJANGO_SETTINGS_MODULE"] = "signup_project.settings"
import django
django.setup()
from background import BackgroundPool
from snippets.ladder import welcome
BackgroundPool(max_workers=1).submit(welcome.send_welcome_email_when_released, sys.argv[1])
"""

ASYNCIO_TASK = """
import asyncio, sys
from snippets.ladder import welcome
async def main():
    background_tasks = set()
    task = asyncio.create_task(asyncio.to_thread(welcome.send_welcome_email_when_released, sys.argv[1]))
    background_tasks.add(task)
    await asyncio.gather(*background_tasks)
asyncio.run(main())
"""


def kill_web_process_mid_task(program: str, tmp_path) -> tuple[str, object]:
    outbox = tmp_path / "outbox.txt"
    address = f"eve-{uuid.uuid4().hex[:8]}@example.com"
    command = [sys.executable, "-c", program, address]
    with workers.running(command, workers.worker_environment(outbox), tmp_path / "web.log") as web_process:
        workers.kill_task_process(outbox, address)
        web_process.wait_for_exit()
    workers.release(outbox)
    return address, outbox


@pytest.mark.parametrize(
    "option, program", [("thread", THREAD), ("helper", HELPER), ("asyncio", ASYNCIO_TASK)], ids=["thread", "helper", "asyncio"]
)
def test_work_in_a_killed_web_process_is_lost(option, program, tmp_path):
    address, outbox = kill_web_process_mid_task(program, tmp_path)
    assert workers.started_count(outbox, address) == 1
    assert not workers.sent(outbox, address)
    assert comparison.outcome(option, "survives_worker_kill") == "lost"
