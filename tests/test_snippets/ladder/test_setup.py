"""docs/ladder/_setup.inc, the "Start from an empty project" section of every queue's page:
its commands, typed in an empty folder, with the page's files copied in, make a project whose
sign-up answers 201.

The test does what the section says: ``django-admin startproject`` and ``startapp``, then the
rung's files over what they made (the files the page shows, at the paths their titles give),
then the export and ``migrate`` block and the shell block, run by bash as typed. The broker
URLs point at the database or queue the rung's own tests use, which they empty first; a rung
whose queue lives in PostgreSQL gets a fresh database, through the variables psql reads
(``postgres_databases.py``).
"""

import os
import re
import shutil
import subprocess

import pytest
import redis

from tests.helpers import django_versions
from tests.helpers.snippets import ROOT, SNIPPETS_DIR
from tests.test_snippets.ladder import postgres_databases, workers

SECTION = ROOT / "docs" / "ladder" / "_setup.inc"
BASH_BLOCK = re.compile(r"```bash\n(?P<body>.*?)```", re.DOTALL)
# What each rung's broker needs to be reachable, and where its tests expect leftovers.
RUNGS = {
    "django_tasks": {},
    "procrastinate": {},
    "huey": {},
    "rq": {"REDIS_URL": "redis://127.0.0.1:6379/8"},
    "dramatiq": {"DRAMATIQ_BROKER_URL": workers.RABBITMQ_URL},
    "celery": {"CELERY_BROKER_URL": workers.REDIS_URL},
}


def shown_bash_blocks() -> list[str]:
    return [match["body"] for match in BASH_BLOCK.finditer(SECTION.read_text())]


def test_every_queue_page_includes_the_section():
    for rung in RUNGS:
        page = (ROOT / "docs" / "ladder" / f"{rung}.md").read_text()
        assert '--8<-- "docs/ladder/_setup.inc"' in page, f"docs/ladder/{rung}.md"


# The marks say which broker a rung's set-up talks to (tests/conftest.py runs those one by one).
BROKER_MARKS = {
    "rq": pytest.mark.redis,
    "celery": pytest.mark.redis,
    "dramatiq": pytest.mark.rabbitmq,
}


@pytest.mark.parametrize(
    "rung",
    [pytest.param(rung, marks=BROKER_MARKS.get(rung, ())) for rung in RUNGS],
)
def test_the_typed_setup_gives_a_project_whose_signup_answers_201(rung, tmp_path):
    with postgres_databases.database_for(f"ladder/{rung}", "setup") as database:
        type_the_setup(rung, tmp_path, database)


def type_the_setup(rung, tmp_path, database_env: dict[str, str]):
    if rung in ("rq", "celery"):
        workers.need_redis()
    if rung == "dramatiq":
        workers.need_rabbitmq()
    create, migrate, try_it = shown_bash_blocks()
    folder = tmp_path / "project"
    folder.mkdir()
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")
    }
    env.update(
        PATH=f"{workers.BIN}{os.pathsep}{env['PATH']}", **RUNGS[rung], **database_env
    )

    def bash(script: str) -> str:
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"{script}\n{done.stdout}{done.stderr}"
        return done.stdout

    bash(create)
    project = SNIPPETS_DIR / "ladder" / rung
    for source in project.rglob("*.py"):
        relative = source.relative_to(project)
        if relative.name != "manage.py":  # the reader keeps the one startproject made
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            # On Django 5.2, the file's 5.2 version, as the page's 5.2 tab shows it.
            shutil.copyfile(django_versions.as_run_here(source), folder / relative)
    printed = bash(migrate + try_it)
    assert printed.strip().splitlines()[-1] == "201", printed
    if rung == "celery":
        # The project's own settings send to Celery's default queue, which no test reads.
        redis.Redis.from_url(workers.REDIS_URL).delete("celery")
