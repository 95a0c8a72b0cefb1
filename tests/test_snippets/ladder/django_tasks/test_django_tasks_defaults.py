"""snippets/ladder/django_tasks/: what becomes of a task's row when db_worker does not finish it.

Each test runs the project as its reader does (``workers.ExampleProject``) with the worker
command the page shows, and reads the rows back through ``manage.py shell``, as
``test_django_tasks.py`` does. ``hold-`` addresses make the test email backend wait for
``workers.release()`` (``tests/helpers/journal_email_backend.py``), so that a test can signal
or kill the worker in the middle of a task.
"""

import json
import signal

from tests.test_snippets.ladder import workers
from tests.test_snippets.ladder.django_tasks.django_tasks_project import PAGE, WORKER

PRUNE = "python manage.py prune_db_task_results"

READ_THE_ROWS = """
import json
from django.contrib.auth.models import User
from django_tasks_db.models import DBTaskResult

emails = {user.pk: user.email for user in User.objects.all()}
print(json.dumps({
    emails[row.args_kwargs["args"][0]]: [row.status, row.exception_class_path]
    for row in DBTaskResult.objects.all()
}))
"""


def rows(project) -> dict[str, list[str]]:
    """Each task row's status and error class, by the address of the user it greets."""
    return json.loads(project.shell(READ_THE_ROWS).strip().splitlines()[-1])


def test_second_sigterm_stops_the_running_task_and_records_it_failed(project):
    hold = workers.address("hold")
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        workers.start_holding(project, worker, hold)
        worker.process.send_signal(signal.SIGTERM)
        workers.wait_until(
            lambda: "shutting down gracefully" in worker.log(),
            "the worker to take SIGTERM",
            worker,
        )
        worker.process.send_signal(signal.SIGTERM)
        worker.wait_for_exit()
    workers.release(project.outbox)
    assert "terminating current task" in worker.log()
    assert not workers.sent(project.outbox, hold)
    # The interruption (SystemExit) is recorded as the task's failure: not RUNNING, and
    # never run again.
    assert rows(project)[hold] == ["FAILED", "builtins.SystemExit"]


def test_prune_deletes_finished_rows_but_leaves_a_killed_workers_running_row(project):
    hold = workers.address("hold")
    with project.start(workers.shown_command(PAGE, WORKER)) as worker:
        done = workers.send_and_wait(project, worker)
        workers.start_holding(project, worker, hold)
        workers.kill_task_process(project.outbox, hold)
        worker.wait_for_exit()
    workers.release(project.outbox)
    assert rows(project) == {done: ["SUCCESSFUL", ""], hold: ["RUNNING", ""]}

    assert "(default: 14)" in project.run(f"{PRUNE} --help")
    # Every finished row, whatever its age; a RUNNING row is not finished.
    project.run(f"{PRUNE} --min-age-days 0")
    assert rows(project) == {hold: ["RUNNING", ""]}
