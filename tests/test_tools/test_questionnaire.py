"""The questionnaire's decision (tools/questionnaire.py over docs/decide/questionnaire.json)
agrees with the guide's criteria for every combination of answers, and the flowchart and the
outline on the page are the ones the data draws."""

import re
import runpy
import sys

import pytest

from tools import questionnaire as decide
from tools.questionnaire import ROOT

DATA = decide.load()
EVERY_COMBINATION = list(decide.every_combination(DATA))
PAGE = ROOT / "docs" / "decide" / "questionnaire.md"
# The option ids shared with the comparison data (docs/decide/options.yml) and the ladder pages.
SHARED_OPTION_IDS = {
    "thread",
    "helper",
    "asyncio",
    "django_tasks",
    "huey",
    "rq",
    "dramatiq",
    "celery",
}
QUEUES = {"django_tasks", "huey", "rq", "dramatiq", "celery"}


# The table of expectations, written from docs/decide/criteria.md and docs/index.md, not from the data.
def must_leave_the_web_process(answers) -> bool:
    return (
        # criteria, question 1: losing it is not acceptable
        answers["fail"] == "no"
        # index: "must still happen after a deploy, a crash..."
        or answers["survive"] == "yes"
        # criteria, question 2
        or bool(answers["needs"] & {"retries", "monitoring"})
        # index: "must run ... at a set time"
        or "schedule" in answers["needs"]
        # criteria, question 3: longer than the grace period
        or answers["duration"] != "seconds"
        # threads share the GIL: they do not speed up Python computing
        or answers["bound"] == "cpu"
    )


# Which queue, by what you may run beside Django; the first row that matches wins:
#   (may add, servers, needs (any of), expected)
QUEUE_TABLE = [
    # beat for schedules, Flower to watch
    ("broker", None, {"schedule", "monitoring"}, "celery"),
    # retries on by default, no scheduler needed
    ("broker", None, None, "dramatiq"),
    # the smallest queue on Redis
    ("redis", None, None, "rq"),
    # SQLite storage: retries and periodic tasks
    ("none", "one", {"retries", "schedule"}, "huey"),
    # the database you have, shared by every server
    ("none", None, None, "django_tasks"),
]


def expected_option(answers) -> str:
    if not must_leave_the_web_process(answers):
        # criteria, "How to read a mixed answer", rule 2: otherwise take the pool.
        return "asyncio" if answers["style"] == "async" else "helper"
    for infra, servers, needs, option in QUEUE_TABLE:
        if (
            answers["infra"] == infra
            and servers in (None, answers["servers"])
            and (needs is None or answers["needs"] & needs)
        ):
            return option
    raise AssertionError(f"the table has no row for {answers}")


def test_every_combination_matches_the_criteria():
    walked = [
        (answers, decide.recommend(answers, DATA).option, expected_option(answers))
        for answers in EVERY_COMBINATION
    ]
    mismatches = [
        (answers, got, expected) for answers, got, expected in walked if got != expected
    ]
    assert not mismatches, (
        f"{len(mismatches)} combinations disagree, e.g. {mismatches[:3]}"
    )
    assert len(EVERY_COMBINATION) == 2 * 2 * 8 * 3 * 2 * 2 * 2 * 3 * 2 == 4608


def test_any_reason_to_leave_the_web_process_leads_to_a_queue():
    # criteria, rule 1: any "queue" row wins, whatever else is true.
    for answers in EVERY_COMBINATION:
        option = decide.recommend(answers, DATA).option
        assert (option in QUEUES) == must_leave_the_web_process(answers), answers


def test_work_reading_the_requests_rows_is_told_to_start_from_on_commit():
    # criteria, "Careful database transactions": start it from on_commit, whatever runs it.
    for answers in EVERY_COMBINATION:
        reasons = " ".join(
            reason.text for reason in decide.recommend(answers, DATA).reasons
        )
        assert ("transaction.on_commit" in reasons) == (
            answers["transaction"] == "yes"
        ), answers


@pytest.mark.parametrize(
    ("question", "answer", "words"),
    [
        ("fail", "no", "must happen"),
        ("survive", "yes", "deploy"),
        ("duration", "minutes", "grace period"),
        ("bound", "cpu", "GIL"),
    ],
)
def test_each_reason_to_use_a_queue_is_given_back_to_the_reader(
    question, answer, words
):
    for answers in EVERY_COMBINATION:
        if answers[question] == answer:
            reasons = " ".join(
                reason.text for reason in decide.recommend(answers, DATA).reasons
            )
            assert words in reasons, answers


def test_options_are_the_shared_ids_and_every_recommendation_is_reachable():
    assert set(DATA["options"]) == SHARED_OPTION_IDS
    reached = {decide.recommend(answers, DATA).option for answers in EVERY_COMBINATION}
    # A bare thread is only ever a runner-up: criteria, rule 2 prefers the bounded pool.
    assert reached == SHARED_OPTION_IDS - {"thread"}


def test_runners_up_are_other_known_options():
    for option_id, option in DATA["options"].items():
        for runner in option.get("runners_up", []):
            assert (
                runner["option"] in DATA["options"] and runner["option"] != option_id
            ), (option_id, runner)


def test_every_link_points_at_a_page_of_the_site():
    hrefs = [option["href"] for option in DATA["options"].values()]
    hrefs += [note["href"] for note in DATA["notes"] if "href" in note]
    for href in hrefs:
        target = (PAGE.parent / href.split("#")[0]).resolve()
        assert target.suffix == ".md" and target.is_file(), (
            f"{href} (relative to docs/decide/) is not a page"
        )


@pytest.mark.parametrize("path", decide.GENERATED, ids=lambda path: path.name)
def test_the_page_shows_the_drawings_made_from_the_data(path):
    assert path.read_text() == decide.GENERATED[path](DATA), (
        f"docs/decide/{path.name} is stale: run .venv/bin/python -m tools.questionnaire --write"
    )
    assert f'--8<-- "docs/decide/{path.name}"' in PAGE.read_text()


def test_the_flowchart_is_a_mermaid_block():
    assert (
        '```mermaid\n--8<-- "docs/decide/questionnaire-flowchart.mmd"\n```'
        in PAGE.read_text()
    )


def test_the_drawings_are_left_out_of_the_pages():
    # Included into the questionnaire page, never built as pages of their own.
    excluded = re.search(
        r"^exclude_docs: \|\n((?:  .*\n)+)",
        (ROOT / "mkdocs.yml").read_text(),
        re.MULTILINE,
    )
    assert excluded, "mkdocs.yml has no exclude_docs block"
    patterns = excluded[1].split()
    for path in decide.GENERATED:
        assert path.relative_to(ROOT / "docs").as_posix() in patterns, path.name


def test_the_outline_names_every_question_and_links_every_recommended_option():
    text = decide.outline(DATA)
    assert text.count("**") == 2 * 6
    for option_id in SHARED_OPTION_IDS - {"thread"}:
        option = DATA["options"][option_id]
        assert f"[{option['label']}]({option['href']})" in text


def test_the_flowchart_has_one_diamond_per_question_asked_and_one_box_per_option():
    chart = decide.flowchart(DATA)
    assert len(re.findall(r'^    q\d+\{"', chart, re.MULTILINE)) == 6
    assert set(
        re.findall(r'^    option_(\w+)\["', chart, re.MULTILINE)
    ) == SHARED_OPTION_IDS - {"thread"}


def run_module(monkeypatch, capsys, *arguments):
    """The module run as a script with ARGUMENTS, in this process; what it printed."""
    monkeypatch.setattr(sys, "argv", ["questionnaire.py", *arguments])
    runpy.run_path(decide.__file__, run_name="__main__")
    return capsys.readouterr().out


def test_running_the_module_prints_the_flowchart(monkeypatch, capsys):
    assert run_module(monkeypatch, capsys) == decide.flowchart(DATA)


def test_an_unknown_command_line_argument_is_refused_with_the_usage(
    monkeypatch, capsys
):
    with pytest.raises(
        SystemExit, match=r"usage: python -m tools\.questionnaire \[--write\]"
    ):
        run_module(monkeypatch, capsys, "--wirte")


def test_query_string_keeps_the_question_order_and_leaves_out_an_empty_choice():
    answers = dict(EVERY_COMBINATION[0], needs=frozenset({"monitoring", "retries"}))
    assert decide.query_string(answers, DATA) == (
        "fail=yes&survive=no&needs=retries,monitoring&duration=seconds&bound=io"
        "&transaction=no&servers=one&infra=none&style=sync"
    )
    assert "needs" not in decide.query_string(EVERY_COMBINATION[0], DATA)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "blue"}, r"unknown question\(s\) \['colour'\]"),
        ({"fail": "maybe"}, r"'fail' takes one of \['yes', 'no'\], not 'maybe'"),
        (
            {"needs": frozenset({"teleport"})},
            r"'needs' takes a set drawn from \['retries', 'schedule', 'monitoring'\]",
        ),
        ({"needs": "retries"}, r"'needs' takes a set"),
    ],
)
def test_bad_answers_get_a_clear_error(change, message):
    with pytest.raises(ValueError, match=message):
        decide.recommend(dict(EVERY_COMBINATION[0], **change), DATA)


def test_a_missing_answer_is_named():
    answers = dict(EVERY_COMBINATION[0])
    del answers["servers"]
    with pytest.raises(
        ValueError, match=r"no answer to 'servers'; give one of \['one', 'many'\]"
    ):
        decide.recommend(answers, DATA)


def test_an_unknown_condition_in_the_data_is_reported():
    broken = dict(
        DATA,
        decision={
            "ask": "?",
            "if": {"maybe": []},
            "yes": {"leaf": "rq"},
            "no": {"leaf": "rq"},
        },
    )
    with pytest.raises(ValueError, match="unknown condition 'maybe'"):
        decide.recommend(EVERY_COMBINATION[0], broken)


@pytest.mark.parametrize(
    ("need", "words"),
    [("retries", "does not retry"), ("schedule", "runs each task once")],
)
def test_a_need_django_tasks_lacks_is_said_when_it_is_recommended(need, words):
    # Django Tasks is the queue left when no service may be added and Huey's one server does not fit.
    for answers in EVERY_COMBINATION:
        recommendation = decide.recommend(answers, DATA)
        if recommendation.option == "django_tasks":
            reasons = " ".join(reason.text for reason in recommendation.reasons)
            assert (words in reasons) == (need in answers["needs"]), answers
