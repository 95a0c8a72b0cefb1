"""The Django 5.2 LTS versions of the shown files whose code differs there.

Django 5.2 has no ``django.tasks`` (the ``django-tasks`` backport provides it as
``django_tasks``, an app of its own, which django-tasks-db uses when installed as
``django-tasks-db[compat]``) and no ``MAILERS`` setting (5.2 configures its one email backend
with the ``EMAIL_*`` settings; 6.1 deprecates them), and its ``ADMINS`` holds (name, address)
pairs where 6.0 and newer take addresses alone. ``REWRITES`` says each difference once;
``variants()`` applies them to every example project's files and writes, under
``snippets/django52/``, each file they change, at the path of its original under ``snippets/``.
Pages show both in content tabs; ``make test DJANGO=5.2`` runs the 5.2 versions
(``tests/helpers/django_versions.py``). ``snippets/django_project/`` is left out: its
settings are not shown, and the tests run that project in their own process.

Regenerate after editing a file that has a 5.2 version::

    .venv/bin/python -m tools.django52 --write
"""

import difflib
import re
import sys
from collections.abc import Callable
from pathlib import Path

from tools import ROOT

SNIPPETS_DIR = ROOT / "snippets"
VARIANTS_DIR = SNIPPETS_DIR / "django52"
NOT_VERSIONED = {SNIPPETS_DIR / "django_project", VARIANTS_DIR}

MAILERS_BLOCK = """MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": os.environ.get("EMAIL_HOST", "localhost"), "timeout": 10},
    }
}
"""
EMAIL_SETTINGS = """# Django 5.2 has no MAILERS: these configure its one email backend, SMTP by default.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_TIMEOUT = 10
"""


def _admins_as_pairs(match: re.Match) -> str:
    address = match["address"]
    name = address.partition("@")[0].capitalize()
    return (
        "# Django 5.2 takes (name, address) pairs; 6.0 and newer take addresses alone.\n"
        f'ADMINS = [("{name}", "{address}")]'
    )


# (what 6.x code reads, what 5.2 code reads instead), applied in this order.
REWRITES: list[tuple[re.Pattern, str | Callable[[re.Match], str]]] = [
    (re.compile(re.escape(MAILERS_BLOCK)), EMAIL_SETTINGS),
    (re.compile(r"\bfrom django\.tasks\b"), "from django_tasks"),
    (re.compile(r'"django\.tasks\.backends\.'), '"django_tasks.backends.'),
    # The backport is an app: listed before the backend's app, which imports it.
    (
        re.compile(r'^(\s*)"django_tasks_db",\n', re.MULTILINE),
        r'\1"django_tasks",\n\1"django_tasks_db",\n',
    ),
    (
        re.compile(r'^ADMINS = \["(?P<address>[^"]+)"\]$', re.MULTILINE),
        _admins_as_pairs,
    ),
]
# The move how-to's settings diff, shown for each version: (before, after, shown diff).
DIFFS = [
    (
        "how_to/thread_signup/signup_project/settings.py",
        "ladder/django_tasks/signup_project/settings.py",
        "how_to/move_to_django_tasks/settings.diff",
    ),
]
SECTION_MARKER = re.compile(r"^\s*# --8<-- \[(start|end):[-\w]+\]\s*$")


def for_django52(text: str) -> str:
    for pattern, replacement in REWRITES:
        text = pattern.sub(replacement, text)
    return _imports_in_order(text)


def _imports_in_order(text: str) -> str:
    """Each run of one-line ``from … import …`` lines sorted by module, as ruff's isort keeps
    them: ``from django_tasks`` moves below ``from django.utils``."""
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and _ONE_LINE_FROM_IMPORT.match(lines[end]):
            end += 1
        if end > start:
            lines[start:end] = sorted(
                lines[start:end], key=lambda line: line.split()[1]
            )
            start = end
        else:
            start += 1
    return "".join(lines)


_ONE_LINE_FROM_IMPORT = re.compile(r"^from \S+ import [^(]*$")


def versioned_files() -> list[Path]:
    return [
        path
        for path in sorted(SNIPPETS_DIR.rglob("*.py"))
        if not any(folder in path.parents for folder in NOT_VERSIONED)
        and "__pycache__" not in path.parts
    ]


def settings_diff(before: str, after: str, path: str) -> str:
    """A file's diff between two projects, as the page shows it (``git diff`` labels, no markers)."""

    def shown_lines(text: str) -> list[str]:
        lines = text.splitlines(keepends=True)
        return [line for line in lines if not SECTION_MARKER.match(line)]

    return "".join(
        difflib.unified_diff(
            shown_lines(before), shown_lines(after), f"a/{path}", f"b/{path}"
        )
    )


def variants() -> dict[Path, str]:
    """Each 5.2 file's path under ``snippets/django52/``, with its text."""
    found = {}
    for path in versioned_files():
        text = path.read_text()
        changed = for_django52(text)
        if changed != text:
            found[VARIANTS_DIR / path.relative_to(SNIPPETS_DIR)] = changed
    for before, after, shown in DIFFS:
        before_text = for_django52((SNIPPETS_DIR / before).read_text())
        after_text = for_django52((SNIPPETS_DIR / after).read_text())
        found[VARIANTS_DIR / shown] = settings_diff(
            before_text, after_text, "signup_project/settings.py"
        )
    return found


def written_files() -> set[Path]:
    """The files under ``snippets/django52/`` this module writes (not a test run's databases)."""
    return {
        path
        for path in VARIANTS_DIR.rglob("*")
        if path.is_file() and path.suffix in (".py", ".diff")
    }


def write() -> list[Path]:
    """Write every 5.2 file and remove those no longer produced; the paths written."""
    wanted = variants()
    for stale in written_files():
        if stale not in wanted:
            stale.unlink()
    for path, text in wanted.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for folder in sorted(VARIANTS_DIR.rglob("*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return sorted(wanted)


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m tools.django52 --write")
    for path in write():
        print(path.relative_to(ROOT))
