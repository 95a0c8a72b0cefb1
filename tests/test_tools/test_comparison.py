"""tools/comparison.py: the comparison page agrees with its data file and with the tests.

The data's stated outcomes and the tests' ``@pytest.mark.shows`` markers are checked both
ways, on the real suite and on a small fake data file and test module in a temporary folder.
"""

import copy
import os
import subprocess
import sys
import textwrap

import pytest

from tools import ROOT, comparison

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


def test_every_claim_names_a_test_that_exists_and_is_marked_to_show_its_outcome():
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
        ["tests/test_snippets/ladder/celery/test_celery.py::test_no_such_test"],
    )
    assert comparison.problems() == [
        "celery.scheduling cites tests/test_snippets/ladder/celery/test_celery.py::test_no_such_test: "
        "tests/test_snippets/ladder/celery/test_celery.py defines no test_no_such_test"
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


def test_the_graceful_stop_row_states_an_outcome_for_every_option():
    # Issue 14: every option's answer to a deploy's SIGTERM, each shown by a marked test
    # (test_every_claim_names_a_test_that_exists_and_is_marked_to_show_its_outcome).
    for option in comparison.load()["options"]:
        cell = option["cells"]["survives_graceful_stop"]
        assert cell["value"] != comparison.NOT_SHOWN, option["id"]
        stated = comparison.stated_outcomes(cell)
        assert stated and set(stated) <= comparison.OUTCOMES, option["id"]


# The shows markers, on a fake data file: one option, a cell with one outcome and a cell
# with an outcome per variant, each cell citing tests of one fake test module.
FAKE_DATA = {
    "features": [{"id": "retries"}, {"id": "survives_worker_kill"}],
    "options": [
        {
            "id": "fakeq",
            "name": "FakeQ",
            "cells": {
                "retries": {
                    "value": "retried three times",
                    "outcome": "retried",
                    "evidence": ["tests/test_fake.py::test_retries"],
                },
                "survives_worker_kill": {
                    "value": "lost by default, run again with late acks",
                    "short": "lost; re-run with late acks",
                    "outcome": {"default": "lost", "late_acks": "re-run"},
                    "evidence": [
                        "tests/test_fake.py::test_kill_by_default",
                        "tests/test_fake.py::test_kill_with_late_acks",
                    ],
                },
                "monitoring": {"value": "not shown"},
            },
        }
    ],
}

MARKED_MODULE = """
import pytest


@pytest.mark.shows("fakeq", "retries", outcome="retried")
def test_retries():
    pass


@pytest.mark.shows("fakeq", "survives_worker_kill", outcome="lost", variant="default")
def test_kill_by_default():
    pass


@pytest.mark.shows(
    "fakeq", "survives_worker_kill", outcome="re-run", variant="late_acks"
)
def test_kill_with_late_acks():
    pass
"""


@pytest.fixture
def fake_suite(tmp_path, monkeypatch):
    """Point tools/comparison.py at the fake data and a tests/ folder in tmp_path; the
    fixture writes the fake test module it is given."""
    monkeypatch.setattr(comparison, "ROOT", tmp_path)
    data = copy.deepcopy(FAKE_DATA)
    monkeypatch.setattr(comparison, "load", lambda: data)
    (tmp_path / "tests").mkdir()

    def write(source: str) -> None:
        (tmp_path / "tests" / "test_fake.py").write_text(textwrap.dedent(source))

    return write


def test_markers_agreeing_with_the_data_leave_nothing_to_report(fake_suite):
    fake_suite(MARKED_MODULE)
    assert comparison.problems() == []


def test_a_stated_outcome_that_no_cited_test_is_marked_to_show_is_reported(fake_suite):
    fake_suite(
        MARKED_MODULE.replace(
            '@pytest.mark.shows("fakeq", "retries", outcome="retried")\n', ""
        )
    )
    assert comparison.problems() == [
        "fakeq.retries states outcome 'retried', but none of the tests it cites is "
        "marked shows('fakeq', 'retries', outcome='retried')"
    ]


def test_each_variant_needs_its_own_marked_test(fake_suite):
    fake_suite(MARKED_MODULE.replace('"re-run", variant="late_acks"', '"lost"'))
    assert comparison.problems() == [
        "tests/test_fake.py::test_kill_with_late_acks is marked "
        "shows('fakeq', 'survives_worker_kill', outcome='lost'), but "
        "fakeq.survives_worker_kill states an outcome per variant (default, late_acks): "
        "name one with variant=",
        "fakeq.survives_worker_kill states outcome 're-run' for late_acks, but none of "
        "the tests it cites is marked shows('fakeq', 'survives_worker_kill', "
        "outcome='re-run', variant='late_acks')",
    ]


def test_a_marker_with_another_outcome_than_the_data_is_reported(fake_suite):
    fake_suite(MARKED_MODULE.replace('outcome="retried"', 'outcome="not retried"'))
    assert comparison.problems() == [
        "tests/test_fake.py::test_retries is marked "
        "shows('fakeq', 'retries', outcome='not retried'), but fakeq.retries states "
        "'retried'",
        "fakeq.retries states outcome 'retried', but none of the tests it cites is "
        "marked shows('fakeq', 'retries', outcome='retried')",
    ]


def test_a_marker_on_a_test_its_cell_does_not_cite_is_reported(fake_suite):
    fake_suite(
        MARKED_MODULE
        + """

@pytest.mark.shows("fakeq", "retries", outcome="retried")
def test_retries_once_more():
    pass
"""
    )
    assert comparison.problems() == [
        "tests/test_fake.py::test_retries_once_more is marked "
        "shows('fakeq', 'retries', outcome='retried'), but fakeq.retries does not cite it"
    ]


def test_a_module_pytestmark_marks_every_test_of_the_module(fake_suite):
    fake_suite(
        """
        import pytest

        pytestmark = [pytest.mark.redis, pytest.mark.shows("fakeq", "monitoring")]


        def test_one():
            pass


        def helper():
            pass
        """
    )
    markers, unreadable = comparison.markers_in(
        comparison.ROOT / "tests" / "test_fake.py"
    )
    assert markers == [
        comparison.Shows("tests/test_fake.py::test_one", "fakeq", "monitoring")
    ]
    assert unreadable == []
    # The cell says "not shown", so a test claiming to show it is reported.
    assert (
        "tests/test_fake.py::test_one is marked shows('fakeq', 'monitoring'), but "
        "fakeq.monitoring says 'not shown'"
    ) in comparison.problems()


def test_a_marker_the_source_does_not_spell_out_is_reported(fake_suite):
    source = (
        MARKED_MODULE
        + """

OPTION = "fakeq"


@pytest.mark.shows(OPTION, "retries", outcome="retried")
def test_named_by_a_variable():
    pass


class TestInAClass:
    @pytest.mark.shows("fakeq", "retries", outcome="retried")
    def test_method(self):
        pass
"""
    )
    fake_suite(source)
    lines = source.splitlines()
    by_variable = lines.index(
        '@pytest.mark.shows(OPTION, "retries", outcome="retried")'
    )
    in_a_class = lines.index(
        '    @pytest.mark.shows("fakeq", "retries", outcome="retried")'
    )
    assert comparison.problems() == [
        f"tests/test_fake.py:{by_variable + 1}: give shows() its arguments as literal "
        "strings",
        f"tests/test_fake.py:{in_a_class + 1}: a shows marker reads only as a decorator "
        "of a module-level test function or in the module's pytestmark",
    ]


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        (
            ("beanstalkd", "retries"),
            {},
            " is marked shows('beanstalkd', 'retries'): no option 'beanstalkd'; "
            "known: fakeq",
        ),
        (
            ("fakeq", "retry"),
            {"outcome": "retried"},
            " is marked shows('fakeq', 'retry', outcome='retried'): fakeq has no "
            "feature 'retry'; known: retries, survives_worker_kill, monitoring",
        ),
        (
            ("fakeq", "retries"),
            {"outcome": "retried twice"},
            " is marked shows('fakeq', 'retries', outcome='retried twice'): outcome "
            "'retried twice' is not one of ['finished', 'lost', 'not retried', "
            "'re-run', 'retried']",
        ),
        (
            ("fakeq", "retries"),
            {"outcome": "retried", "variant": "default"},
            " is marked shows('fakeq', 'retries', outcome='retried', "
            "variant='default'), but fakeq.retries states one outcome, for no variant",
        ),
        (
            ("fakeq", "survives_worker_kill"),
            {"outcome": "lost", "variant": "sigterm"},
            " is marked shows('fakeq', 'survives_worker_kill', outcome='lost', "
            "variant='sigterm'), but fakeq.survives_worker_kill states an outcome per "
            "variant (default, late_acks): name one with variant=",
        ),
        (
            ("fakeq", "retries"),
            {},
            " is marked shows('fakeq', 'retries'), but fakeq.retries states 'retried'",
        ),
        (
            ("fakeq",),
            {},
            ": shows(option, feature, outcome=None, variant=None): "
            "missing a required argument: 'feature'",
        ),
        (
            ("fakeq", "retries"),
            {"outcome": "retried", "attempts": 3},
            ": shows(option, feature, outcome=None, variant=None): "
            "got an unexpected keyword argument 'attempts'",
        ),
        (
            ("fakeq", "retries", 3),
            {},
            ": shows(option, feature, outcome=None, variant=None): "
            "outcome must be a string, not 3",
        ),
    ],
    ids=[
        "unknown option",
        "unknown feature",
        "unknown outcome",
        "variant of one outcome",
        "unknown variant",
        "outcome left out",
        "feature left out",
        "unknown argument",
        "not a string",
    ],
)
def test_marker_arguments_the_data_does_not_know_are_named(
    fake_suite, args, kwargs, error
):
    test = "tests/test_fake.py::test_x"
    assert comparison.marker_errors(test, args, kwargs) == [test + error]


def test_an_unknown_option_in_a_marker_stops_the_run_at_collection(tmp_path):
    # tests/conftest.py as a plugin, on a module outside tests/, against the real data.
    (tmp_path / "test_fake.py").write_text(
        textwrap.dedent(
            """
            import pytest


            @pytest.mark.shows("beanstalkd", "retries", outcome="retried")
            @pytest.mark.parametrize("attempt", [1, 2])
            def test_beanstalkd_retries(attempt):
                pass
            """
        )
    )
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("THREAD_OR_QUEUE_")  # this run's own settings
    } | {"PYTHONPATH": str(ROOT)}
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", "pyproject.toml", "--rootdir", "."]
        + ["-p", "tests.conftest", "--collect-only", "-q", str(tmp_path)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert collected.returncode == pytest.ExitCode.USAGE_ERROR, collected.stdout
    errors = collected.stderr.strip().splitlines()
    assert errors[0] == (
        "ERROR: @pytest.mark.shows names what docs/decide/options.yml does not say:"
    )
    assert errors[1:] == [
        f"{tmp_path}/test_fake.py::test_beanstalkd_retries is marked "
        "shows('beanstalkd', 'retries', outcome='retried'): no option 'beanstalkd'; "
        "known: thread, helper, asyncio, django_tasks, procrastinate, huey, rq, "
        "dramatiq, celery, cron"
    ]
