"""The questionnaire's decision (tools/questionnaire.py over docs/decide/questionnaire.json)
agrees with the guide's criteria for every combination of answers, and the flowchart and the
outline on the page are the ones the data draws. What each recommendation must be able to do
is checked in test_questionnaire_needs.py, and that its reasons hold in
test_questionnaire_reasons.py."""

import re
import runpy
import sys

import pytest

from tools import comparison
from tools import questionnaire as decide
from tools.questionnaire import ROOT

DATA = decide.load()
EVERY_COMBINATION = list(decide.every_combination(DATA))
PAGE = ROOT / "docs" / "decide" / "questionnaire.md"
# The option ids shared with the comparison data (docs/decide/options.yml) and the ladder
# pages, and the two ways of running a command's items that the comparison has no row for.
SHARED_OPTION_IDS = {row["id"] for row in comparison.load()["options"]}
COMMAND_OPTIONS = {"command_pool", "inline"}
QUEUES = {"django_tasks", "procrastinate", "huey", "rq", "dramatiq", "celery"}


# The table of expectations, written from docs/decide/criteria.md and docs/index.md, not from the data.
def must_leave_the_web_process(answers) -> bool:
    return (
        # criteria, question 1: losing it is not acceptable
        answers["fail"] == "no"
        # criteria, question 2
        or bool(answers["needs"] & {"retries", "monitoring"})
        # index: "must run ... at a set time"
        or "schedule" in answers["needs"]
        # criteria, question 3: longer than the grace period
        or answers["duration"] != "seconds"
        # threads share the GIL: they do not speed up Python computing
        or answers["bound"] == "cpu"
    )


def command_needs_a_queue(answers) -> bool:
    # A command waits for its own work, so no grace period cuts it short and its computing
    # competes with no request; what still needs a queue is work that must happen, or be
    # retried, run later or watched.
    return answers["fail"] == "no" or bool(answers["needs"])


def cron_is_enough(answers) -> bool:
    # how-to/run-on-a-schedule: the next run does what a failed or killed run left, a lock
    # keeps servers apart, the log says what ran; only a retry within the run is missing.
    return "retries" not in answers["needs"]


# Which queue, by what you may run beside Django; the first row that matches wins:
#   (may add, database, predicate, expected)
QUEUE_TABLE = [
    # beat for schedules, Flower to watch
    (
        "broker",
        None,
        lambda a: a["start"] == "schedule" or "monitoring" in a["needs"],
        "celery",
    ),
    # retries on by default, a killed worker's message delivered again
    ("broker", None, None, "dramatiq"),
    # the smallest queue on Redis
    ("redis", None, None, "rq"),
    # PostgreSQL: retries, periodic tasks, stalled jobs run again, workers anywhere
    (
        "none",
        "postgresql",
        lambda a: bool(
            "retries" in a["needs"]
            or a["start"] == "schedule"
            or a.get("inflight") == "yes"
            or a["servers"] == "many"
        ),
        "procrastinate",
    ),
    # the database you have, with Django's own task API
    ("none", "postgresql", None, "django_tasks"),
    # SQLite storage: retries and periodic tasks, on one server
    (
        "none",
        "other",
        lambda a: a["servers"] == "one" and "retries" in a["needs"],
        "huey",
    ),
    # no queue repeats work on several servers on this database: the schedule stays with cron
    ("none", "other", lambda a: a["start"] == "schedule", "cron"),
    ("none", "other", None, "django_tasks"),
]


def expected_option(answers) -> str:
    start = answers["start"]
    if start == "request" and not must_leave_the_web_process(answers):
        # criteria, "How to read a mixed answer", rule 2: otherwise take the pool.
        return "asyncio" if answers["style"] == "async" else "helper"
    if start == "command" and not command_needs_a_queue(answers):
        return "inline" if answers["bound"] == "cpu" else "command_pool"
    if start == "schedule" and cron_is_enough(answers):
        return "cron"
    for infra, database, predicate, option in QUEUE_TABLE:
        if (
            answers["infra"] == infra
            and database in (None, answers.get("database"))
            and (predicate is None or predicate(answers))
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
    assert len(EVERY_COMBINATION) == COMBINATIONS == 5528


# Counted by hand from the questions' "asked" conditions. Work that starts in a request and
# stays in the web process: fail yes, nothing ticked, seconds, waiting, then transaction,
# servers, style and volume. In a request and to a queue: every other first five answers
# (fail has three: yes, or no with inflight no or yes), then transaction, servers, infra
# (none counts twice: with either database) and volume. From a command: the same without
# duration and transaction. On a schedule: fail, needs (without "run later", which a
# schedule does not offer: four choices), servers, infra, volume.
COMBINATIONS = (
    (1 * 2 * 2 * 2 * 2)
    + (3 * 8 * 3 * 2 - 1) * 2 * 2 * 4 * 2
    + (1 * 2 * 2 * 2)
    + (3 * 8 - 1) * 2 * 2 * 4 * 2
    + 3 * 4 * 2 * 4 * 2
)


def test_the_page_states_the_number_of_combinations():
    assert f"{COMBINATIONS:,}" in PAGE.read_text()


def test_any_reason_to_leave_the_web_process_leads_to_a_queue():
    # criteria, rule 1: any "queue" row wins, whatever else is true.
    for answers in EVERY_COMBINATION:
        if answers["start"] != "request":
            continue
        option = decide.recommend(answers, DATA).option
        assert (option in QUEUES) == must_leave_the_web_process(answers), answers


def test_work_no_request_starts_is_never_asked_about_views():
    for answers in EVERY_COMBINATION:
        if answers["start"] != "request":
            assert not {"duration", "transaction", "style"} & set(answers), answers


def test_whether_a_killed_task_must_run_again_is_asked_of_work_that_must_happen():
    for answers in EVERY_COMBINATION:
        assert ("inflight" in answers) == (answers["fail"] == "no"), answers


@pytest.mark.parametrize(
    ("question", "answer", "words"),
    [
        ("fail", "no", "must happen"),
        ("inflight", "yes", "again"),
        ("duration", "minutes", "grace period"),
        ("bound", "cpu", "GIL"),
    ],
)
def test_each_reason_to_use_a_queue_is_given_back_to_the_reader(
    question, answer, words
):
    for answers in EVERY_COMBINATION:
        if answers["start"] == "request" and answers.get(question) == answer:
            recommendation = decide.recommend(answers, DATA)
            said = " ".join(
                link.text for link in recommendation.reasons + recommendation.trade_offs
            )
            assert words in said, answers


def test_options_are_the_shared_ids_and_every_recommendation_is_reachable():
    assert set(DATA["options"]) == SHARED_OPTION_IDS | COMMAND_OPTIONS
    for option_id, option in DATA["options"].items():
        expected = None if option_id in COMMAND_OPTIONS else option_id
        if option_id == "command_pool":
            expected = "helper"  # the helper's pool, in a command
        assert option["compare"] == expected, option_id
    reached = {decide.recommend(answers, DATA).option for answers in EVERY_COMBINATION}
    # A bare thread is only ever a runner-up: criteria, rule 2 prefers the bounded pool.
    assert reached == set(DATA["options"]) - {"thread"}


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
        # A page, or a measurement notebook (docs/measurements/*.py).
        assert target.is_file() and (
            target.suffix == ".md" or target.parent.name == "measurements"
        ), f"{href} (relative to docs/decide/) is not a page"


def test_every_source_is_an_official_document_on_the_web():
    for note in DATA["notes"]:
        for source in note.get("sources", []):
            assert source["url"].startswith("https://") and source["title"], note[
                "when"
            ]


def test_every_note_is_shown_for_some_combination():
    shown = {
        id(note)
        for answers in EVERY_COMBINATION
        for note in decide.recommend(answers, DATA).notes
    }
    never = [note["text"][:60] for note in DATA["notes"] if id(note) not in shown]
    assert not never, never


def test_a_question_asked_after_some_answers_reads_only_earlier_questions():
    order = [question["id"] for question in DATA["questions"]]
    for index, question in enumerate(DATA["questions"]):
        if "asked" in question:
            assert decide.questions_read(DATA, question["asked"]) <= set(order[:index])
            assert question["asked_when"], question["id"]


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


def branches(node, data=DATA) -> int:
    """The questions the tree asks, each subtree counted once."""
    if "leaf" in node or "goto" in node:
        return 0
    return 1 + branches(node["yes"]) + branches(node["no"])


ASKED = branches(DATA["decision"]) + sum(
    branches(subtree["node"]) for subtree in DATA["subtrees"].values()
)


def test_the_outline_names_every_question_and_links_every_recommended_option():
    text = decide.outline(DATA)
    assert ASKED == 14
    assert text.count("**") == 2 * ASKED
    for option_id in set(DATA["options"]) - {"thread"}:
        option = DATA["options"][option_id]
        assert f"[{option['label']}]({option['href']})" in text
    for subtree in DATA["subtrees"].values():
        assert f"go on with *{subtree['title']}*, below" in text
        assert f"\n*{subtree['title']}*\n" in text


def test_the_flowchart_has_one_diamond_per_question_asked_and_one_box_per_option():
    chart = decide.flowchart(DATA)
    assert len(re.findall(r'^    q\d+\{"', chart, re.MULTILINE)) == ASKED
    boxes = re.findall(r'^    option_(\w+)\["', chart, re.MULTILINE)
    assert sorted(boxes) == sorted(set(DATA["options"]) - {"thread"})


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
        "start=request&fail=yes&needs=retries,monitoring&duration=seconds&bound=io"
        "&transaction=no&servers=one&style=sync&volume=ordinary"
    )
    assert "needs" not in decide.query_string(EVERY_COMBINATION[0], DATA)


def test_a_question_is_left_out_only_once_the_answers_it_depends_on_rule_it_out():
    states, kept = decide.question_states(DATA, {"inflight": "yes"})
    assert states["inflight"] == "open" and kept == {"inflight": "yes"}
    states, kept = decide.question_states(DATA, {"fail": "yes", "inflight": "yes"})
    assert states["inflight"] == "skipped" and "inflight" not in kept
    # database depends on infra, which a request that stays in the web process never asks.
    stays = dict(EVERY_COMBINATION[0], database="other")
    states, kept = decide.question_states(DATA, stays)
    assert states["infra"] == states["database"] == "skipped"
    assert kept == EVERY_COMBINATION[0]
    assert (
        decide.pending(DATA, {}) == "Answer 12 more questions to see a recommendation."
    )
    # needs, servers, infra, database (open until infra is answered), volume.
    assert decide.pending(DATA, {"start": "schedule", "fail": "yes"}) == (
        "Answer 5 more questions to see a recommendation."
    )


def test_a_multiple_choice_counts_once_something_is_ticked_or_a_later_question_answered():
    # The reader's report: "Answer 11 more questions" while 12 were left, the checkboxes
    # counted as answered before anything was ticked.
    assert "needs" in decide.unanswered(DATA, {"start": "request", "fail": "yes"})
    ticked = {"start": "request", "fail": "yes", "needs": frozenset({"retries"})}
    assert "needs" not in decide.unanswered(DATA, ticked)
    # Passed with nothing ticked: a later question has an answer.
    passed = {"start": "request", "fail": "yes", "needs": frozenset(), "bound": "io"}
    assert "needs" not in decide.unanswered(DATA, passed)
    # A complete set of answers leaves nothing, whatever was ticked.
    for answers in EVERY_COMBINATION[:50] + EVERY_COMBINATION[-50:]:
        assert decide.unanswered(DATA, answers) == [], answers


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


def test_an_answer_to_a_question_not_asked_is_refused():
    with pytest.raises(
        ValueError, match=r"'inflight' is not asked after these answers"
    ):
        decide.recommend(dict(EVERY_COMBINATION[0], inflight="yes"), DATA)


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
