"""Reasons that hold: no reason the questionnaire shows for an option contradicts that option's
page.

Each option of docs/decide/questionnaire.json says how work that reads the request's rows
waits for the commit on its page (``commit``): the option waits by itself (the helper's
``submit()``, Celery's ``delay_on_commit()``), the task is written in the request's own
transaction (Django Tasks with django-tasks-db, Procrastinate), the caller wraps it in
``transaction.on_commit`` (Huey, RQ, Dramatiq), or the async ORM has committed each write when
it returns (asyncio). The first test reads the view each page shows, as Python, and checks that
it does what the data says, and that the page cites the test showing it. Each note then
declares what it presumes of the option (``presumes``) and is attached to the options it is for
(``for``): "enqueue it from on_commit" presumes an option whose caller must, so it is never
shown for the helper, which already waits, or for Django Tasks, whose task row commits with the
transaction.
"""

import ast
import re

import pytest

from tools import questionnaire as decide
from tools.questionnaire import ROOT

DATA = decide.load()
EVERY_COMBINATION = list(decide.every_combination(DATA))
WITH_COMMIT = {
    option_id: option
    for option_id, option in DATA["options"].items()
    if "commit" in option
}


def dotted(node: ast.AST) -> str:
    """A called name as written: ``transaction.on_commit``, ``send_welcome_email.defer``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return dotted(node.func)
    return "?"


def called(tree: ast.AST) -> set[str]:
    return {dotted(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}


def atomic_blocks(tree: ast.AST) -> list[ast.With]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, (ast.With, ast.AsyncWith))
        and any(
            dotted(item.context_expr) == "transaction.atomic" for item in node.items
        )
    ]


def parsed(relative: str) -> ast.Module:
    return ast.parse((ROOT / relative).read_text())


def page_text(option: dict) -> str:
    return (
        (ROOT / "docs" / "decide" / option["href"].split("#")[0]).resolve().read_text()
    )


@pytest.mark.parametrize("option_id", sorted(WITH_COMMIT))
def test_each_option_waits_for_the_commit_as_its_page_shows(option_id):
    option = WITH_COMMIT[option_id]
    commit = option["commit"]
    view = parsed(commit["view"])
    calls = called(view)
    # The view is the one the option's page shows.
    assert f'--8<-- "{commit["view"]}' in page_text(option), (
        f"{option['href']} does not include {commit['view']}"
    )
    kind = commit["kind"]
    if kind == "caller":
        assert "transaction.on_commit" in calls, "the view does not call on_commit"
    elif kind == "waits":
        assert "transaction.on_commit" not in calls, "the view waits by itself"
        by_the_option = any(name.endswith("_on_commit") for name in calls) or (
            "code" in commit
            and "transaction.on_commit" in called(parsed(commit["code"]))
        )
        assert by_the_option, "nothing of the option's calls transaction.on_commit"
    elif kind == "joins":
        assert "transaction.on_commit" not in calls
        blocks = atomic_blocks(view)
        assert any(
            name.endswith((".enqueue", ".defer"))
            for block in blocks
            for name in called(block)
        ), "the view does not enqueue inside transaction.atomic()"
    elif kind == "autocommit":
        assert any(isinstance(node, ast.AsyncFunctionDef) for node in ast.walk(view))
        assert not atomic_blocks(view) and "transaction.on_commit" not in calls
    else:
        raise AssertionError(f"unknown commit kind {kind!r}")
    if "shown_by" in commit:
        # The page cites the test that shows it, and that test exists.
        assert commit["shown_by"] in page_text(option)
        module, _, name = commit["shown_by"].partition("::")
        assert re.search(rf"^def {name}\(", (ROOT / module).read_text(), re.MULTILINE)


PRESUMING = [note for note in DATA["notes"] if "presumes" in note]


@pytest.mark.parametrize("note", PRESUMING, ids=lambda note: "+".join(note["for"]))
def test_a_note_is_true_for_every_option_it_is_attached_to(note):
    for option_id in note["for"]:
        option = DATA["options"][option_id]
        for prop, accepted in note["presumes"].items():
            assert option.get(prop, {}).get("kind") in accepted, (
                f"{note['text'][:50]}... presumes {prop} {accepted}, "
                f"but {option_id} says {option.get(prop)}"
            )


def test_no_reason_shown_presumes_what_its_option_does_not_do():
    contradictions = []
    for answers in EVERY_COMBINATION:
        recommendation = decide.recommend(answers, DATA)
        option = DATA["options"][recommendation.option]
        for note in recommendation.notes:
            for prop, accepted in note.get("presumes", {}).items():
                if option.get(prop, {}).get("kind") not in accepted:
                    contradictions.append((recommendation.option, note["text"][:60]))
    assert not contradictions, sorted(set(contradictions))


def texts_about_the_commit():
    """Every text the questionnaire can show that speaks of the commit or a transaction."""
    about = re.compile(r"on_commit|transaction", re.IGNORECASE)
    for option_id, option in DATA["options"].items():
        for text in option["reasons"]:
            if about.search(text):
                yield f"{option_id} reason", text, None
        for runner in option["runners_up"]:
            if about.search(runner["why"]):
                yield f"{option_id} runner-up", runner["why"], None
    for note in DATA["notes"]:
        if about.search(note["text"]):
            yield f"note {note['when']!r}", note["text"], note


def test_a_text_about_the_commit_says_what_it_presumes():
    # Free text escapes the check above unless it declares what it takes for granted: an
    # option's own reasons and runners-up must not speak of it, and a note must presume it.
    for where, text, note in texts_about_the_commit():
        assert note is not None and "commit" in note.get("presumes", {}), (
            f"{where} speaks of the commit without presuming how the option waits: {text}"
        )


def test_work_reading_the_requests_rows_is_told_how_its_option_waits_for_the_commit():
    for answers in EVERY_COMBINATION:
        if answers.get("transaction") != "yes":
            continue
        recommendation = decide.recommend(answers, DATA)
        told = [
            note
            for note in recommendation.notes
            if "commit" in note.get("presumes", {})
        ]
        assert len(told) == 1, (recommendation.option, answers)


def test_the_on_commit_advice_never_reaches_an_option_that_already_waits():
    # The issue's own examples, checked on what a reader sees.
    for answers in EVERY_COMBINATION:
        recommendation = decide.recommend(answers, DATA)
        if recommendation.option in (
            "helper",
            "django_tasks",
            "procrastinate",
            "celery",
        ):
            shown = " ".join(reason.text for reason in recommendation.reasons)
            assert "Enqueue it from transaction.on_commit" not in shown, answers
