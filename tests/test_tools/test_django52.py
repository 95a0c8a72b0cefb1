"""tools/django52.py: the committed Django 5.2 files are what the rewrites make of their originals."""

from tools import django52


def test_committed_django52_files_are_up_to_date():
    wanted = django52.variants()
    assert django52.written_files() == set(wanted), (
        "snippets/django52/ is stale: run .venv/bin/python -m tools.django52 --write"
    )
    stale = [
        str(path.relative_to(django52.ROOT))
        for path, text in wanted.items()
        if path.read_text() != text
    ]
    assert not stale, (
        f"{stale} differ from their originals' rewrite: run .venv/bin/python -m tools.django52 --write"
    )


def test_every_rewrite_changes_some_shown_file():
    texts = [path.read_text() for path in django52.versioned_files()]
    for pattern, _ in django52.REWRITES:
        assert any(pattern.search(text) for text in texts), (
            f"no example file has {pattern.pattern!r} any more: drop the rewrite"
        )


def test_the_email_settings_leave_mailers_out_on_django52():
    settings = django52.VARIANTS_DIR / "ladder/django_tasks/signup_project/settings.py"
    text = settings.read_text()
    assert "MAILERS" not in text.replace("has no MAILERS", "")
    assert 'EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")' in text
    assert '"django_tasks",\n    "django_tasks_db",' in text
