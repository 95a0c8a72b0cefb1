"""tools/comparison.py: the comparison page agrees with its data file and with the tests."""

import pytest

from tools import comparison

IDS = [
    "thread",
    "helper",
    "asyncio",
    "django_tasks",
    "procrastinate",
    "huey",
    "rq",
    "dramatiq",
    "celery",
    "cron",
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
    monkeypatch.setitem(cell, "short", "yes")
    assert comparison.problems() == [
        "dramatiq.monitoring claims 'a dashboard' and names no test that shows it"
    ]


def test_a_claim_without_short_words_for_the_summary_is_reported(monkeypatch):
    cell = comparison.option("huey")["cells"]["scheduling"]
    monkeypatch.delitem(cell, "short")
    assert comparison.problems() == [
        "huey.scheduling has no short words for the summary table"
    ]


def test_short_words_that_omit_a_stated_outcome_are_reported(monkeypatch):
    cell = comparison.option("rq")["cells"]["survives_worker_kill"]
    monkeypatch.setitem(cell, "short", "lost")
    assert comparison.problems() == [
        "rq.survives_worker_kill: the summary says 'lost', which omits the outcome 're-run'"
    ]


def test_the_summary_comes_first_a_row_per_option_a_column_per_need():
    rendered = comparison.render()
    table = [line for line in rendered.splitlines() if line.startswith("|")]
    assert rendered.index(table[0]) < rendered.index("<details")
    header = [cell.strip() for cell in table[0].strip("|").split("|")]
    assert header[0] == "Option"
    assert header[1:] == [
        f"[{feature['need']}](#{comparison.anchor(feature)})"
        if feature["id"] != "setup_lines"
        else feature["need"]
        for feature in comparison.load()["features"]
    ]
    assert len(table) == 2 + len(IDS)
    dramatiq = [cell.strip() for cell in table[2 + IDS.index("dramatiq")].split("|")]
    assert dramatiq[1:4] == [
        "[Dramatiq](../ladder/dramatiq.md)",
        "RabbitMQ, `rundramatiq`",
        "re-run",
    ]


def test_each_need_has_a_collapsible_block_that_keeps_every_cited_test():
    rendered = comparison.render()
    for feature in comparison.load()["features"]:
        if feature["id"] == "setup_lines":
            continue
        opening = f'<details class="note" id="{comparison.anchor(feature)}"'
        assert rendered.count(opening) == 1
        block = rendered.split(opening)[1].split("</details>")[0]
        for option in comparison.load()["options"]:
            cell = option["cells"][feature["id"]]
            for test in cell.get("evidence") or []:
                assert f"`{test}`" in block, (feature["id"], option["id"], test)
            if cell["value"] == comparison.NOT_SHOWN:
                assert option["name"] in block.split("The tests do not show it for")[1]


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
        match="no option 'beanstalkd' in options.yml; known: thread, helper",
    ):
        comparison.outcome("beanstalkd", "retries")


def test_the_graceful_stop_row_states_an_outcome_for_every_option():
    # Issue 14: every option's answer to a deploy's SIGTERM, each read back by its tests
    # (test_every_claim_names_a_test_that_exists_and_reads_its_outcome).
    for option in comparison.load()["options"]:
        cell = option["cells"]["survives_graceful_stop"]
        assert cell["value"] != comparison.NOT_SHOWN, option["id"]
        stated = comparison.stated_outcomes(cell)
        assert stated and set(stated) <= comparison.OUTCOMES, option["id"]
