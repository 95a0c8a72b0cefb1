"""Every example project under ``snippets/``: Django's checks pass, its sign-up refuses a POST
without a CSRF token, and its code imports nothing of this repository."""

import ast

import pytest

from tests.helpers.snippets import SNIPPETS_DIR
from tests.test_snippets.ladder import postgres_databases, workers

PROJECTS = sorted(path.parent for path in SNIPPETS_DIR.rglob("manage.py"))
REPOSITORY_PACKAGES = {"snippets", "tests", "tools", "benchmarks"}
# The overlays of the projects whose queue lives in PostgreSQL (postgres_databases.py).
POSTGRESQL_OVERLAYS = {
    "ladder/procrastinate": "tests.test_snippets.ladder.procrastinate.procrastinate_settings"
}


def project_id(project):
    return str(project.relative_to(SNIPPETS_DIR))


@pytest.mark.parametrize("project", PROJECTS, ids=project_id)
def test_django_checks_pass_and_signup_needs_a_csrf_token(project, tmp_path):
    with postgres_databases.database_for(project_id(project), "checks") as database:
        example = workers.ExampleProject(
            project_id(project),
            tmp_path,
            settings=POSTGRESQL_OVERLAYS.get(
                project_id(project), "tests.helpers.example_settings"
            ),
            **database,
        )
        example.run("python manage.py check --fail-level WARNING")
        if database:
            example.run("python manage.py migrate --verbosity 0")
        else:
            example.migrate()  # a copy of the SQLite file migrated once per session
        refuses_a_post_without_a_csrf_token(example)


def refuses_a_post_without_a_csrf_token(example):
    refused = example.shell(
        "from django.test import Client\n"
        "client = Client(enforce_csrf_checks=True)\n"
        "data = {'username': 'mallory', 'email': 'mallory@example.com'}\n"
        # Over HTTPS from the site's own origin (the example project redirects plain HTTP):
        # the missing token is the only reason left to refuse.
        "origin = {'Origin': 'https://testserver'}\n"
        "print(client.post('/signup/', data, secure=True, headers=origin).status_code)\n"
    )
    assert refused.strip().splitlines()[-1] == "403"


def test_no_shown_file_imports_this_repository():
    found = []
    for path in sorted(SNIPPETS_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            found += [
                f"{path.relative_to(SNIPPETS_DIR)}: {name}"
                for name in names
                if name.split(".")[0] in REPOSITORY_PACKAGES
            ]
    assert not found, found
