"""tools/comparison.py: the comparison page agrees with its data file and with the tests."""

import pytest

from tools import comparison

IDS = [
    "thread",
    "helper",
    "asyncio",
    "django_tasks",
    "huey",
    "rq",
    "dramatiq",
    "celery",
]


def test_every_option_of_the_guide_is_in_the_data_file():
    assert [option["id"] for option in comparison.load()["options"]] == IDS


def test_every_claim_names_a_test_that_exists_and_reads_its_outcome():
    assert comparison.problems() == []


def test_the_included_table_is_rendered_from_the_current_data():
    assert comparison.TABLE.read_text() == comparison.render(), (
        "docs/decide/comparison-table.md is stale: run `python -m tools.comparison`"
    )


def test_the_generator_writes_the_table(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(comparison, "TABLE", tmp_path / "table.md")
    comparison.main()
    assert (tmp_path / "table.md").read_text() == comparison.render()
    assert capsys.readouterr().out.startswith("wrote ")


def test_a_claim_citing_a_missing_test_is_reported(monkeypatch):
    cell = comparison.option("celery")["cells"]["scheduling"]
    monkeypatch.setitem(cell, "value", "yes, with beat")
    monkeypatch.setitem(
        cell,
        "evidence",
        ["tests/test_snippets/ladder/test_celery.py::test_no_such_test"],
    )
    assert comparison.problems() == [
        "celery.scheduling cites tests/test_snippets/ladder/test_celery.py::test_no_such_test: "
        "tests/test_snippets/ladder/test_celery.py defines no test_no_such_test"
    ]


def test_a_claim_without_a_test_is_reported(monkeypatch):
    cell = comparison.option("dramatiq")["cells"]["monitoring"]
    monkeypatch.setitem(cell, "value", "a dashboard")
    assert comparison.problems() == [
        "dramatiq.monitoring claims 'a dashboard' and names no test that shows it"
    ]


def test_an_outcome_that_its_test_does_not_assert_is_reported(monkeypatch):
    cell = comparison.option("huey")["cells"]["survives_worker_kill"]
    monkeypatch.setitem(
        cell,
        "evidence",
        [
            "tests/test_snippets/ladder/test_huey.py::test_consumer_sends_the_welcome_email"
        ],
    )
    assert comparison.problems() == [
        "huey.survives_worker_kill states outcome 'lost' but none of its tests asserts it with comparison.outcome()"
    ]


def test_an_unknown_option_is_a_clear_error():
    with pytest.raises(
        comparison.DataError,
        match="no option 'cron' in options.yml; known: thread, helper",
    ):
        comparison.outcome("cron", "retries")
