"""Shown code that differs on Django 5.2 LTS, and the example projects that run it there.

``snippets/django52/`` mirrors ``snippets/``: ``snippets/django52/<path>`` is the Django 5.2 LTS
version of ``snippets/<path>``, for the few files whose code differs (the Tasks framework through
its backport, ``django-tasks``; the email settings, since 5.2 has no ``MAILERS``). A page shows
both in content tabs labelled ``Django 6.x`` and ``Django 5.2 LTS``
(``tests/test_docs/test_django_versions.py``).

On Django 5.2, an example project with such files runs from a folder the test builds: a link to
each shown file, or to its 5.2 version where it has one. ``manage.py`` is copied, not linked,
since Python puts the folder of a linked script's target first on ``sys.path``; such a
``manage.py`` runs only as that copy on 5.2 (``run_only_as_copies``). coverage.py follows the
links to the files themselves, so what the project runs counts for its shown files.
"""

from pathlib import Path

import django

from tests.helpers import snippets

VARIANTS_DIR = snippets.SNIPPETS_DIR / "django52"
ON_DJANGO_52 = django.VERSION[:2] == (5, 2)
# The labels of the content tabs that show each version's code.
TABS = ("Django 6.x", "Django 5.2 LTS")
THIS_VERSION_TAB = TABS[1] if ON_DJANGO_52 else TABS[0]


def variants() -> dict[Path, Path]:
    """Each shown file with a Django 5.2 version, mapped to that version."""
    found = {}
    for variant in sorted(VARIANTS_DIR.rglob("*")):
        if variant.is_file() and "__pycache__" not in variant.parts:
            shown = snippets.SNIPPETS_DIR / variant.relative_to(VARIANTS_DIR)
            found[shown] = variant
    return found


def as_run_here(shown: Path) -> Path:
    """``shown`` (a path under ``snippets/``) on this Django version: its 5.2 version on 5.2."""
    variant = VARIANTS_DIR / shown.relative_to(snippets.SNIPPETS_DIR)
    return variant if ON_DJANGO_52 and variant.is_file() else shown


def not_run_on_this_version() -> set[Path]:
    """The shown files this Django cannot run: the 5.2 versions on 6.x, their 6.x originals on 5.2."""
    pairs = variants()
    return set(pairs) if ON_DJANGO_52 else set(pairs.values())


def run_only_as_copies() -> set[Path]:
    """On 5.2, the ``manage.py`` of each project that has 5.2 files: only its copy runs there."""
    if not ON_DJANGO_52:
        return set()
    copied = set()
    for variant in variants().values():
        for folder in variant.relative_to(VARIANTS_DIR).parents:
            manage = snippets.SNIPPETS_DIR / folder / "manage.py"
            if manage.is_file():
                copied.add(manage)
    return copied


def project_folder(relative_dir: str, data_dir: Path) -> Path:
    """The folder an example project runs in on this Django version.

    On 6.x, and on 5.2 for a project with no 5.2 files, the project's own folder under
    ``snippets/`` (or ``relative_dir`` itself when a test passes a folder of its own, by an
    absolute path); otherwise ``data_dir/django52/<relative_dir>``, built once per test as the
    module docstring says.
    """
    shown_dir = snippets.SNIPPETS_DIR / relative_dir
    variant_dir = VARIANTS_DIR / relative_dir
    if Path(relative_dir).is_absolute() or not (ON_DJANGO_52 and variant_dir.is_dir()):
        return shown_dir
    folder = data_dir / "django52" / relative_dir
    if folder.is_dir():
        return folder
    for shown in sorted(shown_dir.rglob("*")):
        if not shown.is_file() or "__pycache__" in shown.parts:
            continue
        relative = shown.relative_to(shown_dir)
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if relative == Path("manage.py"):
            target.write_bytes(shown.read_bytes())
        else:
            variant = variant_dir / relative
            target.symlink_to(variant if variant.is_file() else shown)
    unmatched = [
        str(path.relative_to(VARIANTS_DIR))
        for path in variant_dir.rglob("*.py")
        if not (shown_dir / path.relative_to(variant_dir)).is_file()
    ]
    if unmatched:
        raise FileNotFoundError(
            f"5.2 versions with no shown original in snippets/{relative_dir}: {unmatched}"
        )
    return folder
