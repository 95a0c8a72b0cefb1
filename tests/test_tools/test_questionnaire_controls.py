"""Every control the questionnaire offers can change what it says.

A control is one radio button or one checkbox. Where the answers before its question leave it
enabled, choosing it instead of another answer (a radio) or ticking it instead of leaving it
blank (a checkbox) must, for some answers to the questions after it, change the
recommendation: the option, its reasons, its trade-offs or its runners-up. A control that
changes nothing there should be disabled there, with the "Asked when ..." line under it, as
"run later" is for work that a schedule starts; or be listed below as exempt, with the reason.

The reader's view is followed: after the change, each later question keeps its answer where it
is still asked and that answer is still offered; a question or answer that the change brings in
takes each of its values in turn.
"""

from tools import questionnaire as decide

DATA = decide.load()
QUESTIONS = DATA["questions"]
ORDER = [question["id"] for question in QUESTIONS]
EVERY_COMBINATION = list(decide.every_combination(DATA))
# Controls that may stay enabled where they change nothing, each with the reason. None today.
EXEMPT: dict[tuple[str, str], str] = {}


def key(answers) -> tuple:
    return tuple(
        (question_id, answers[question_id])
        for question_id in ORDER
        if question_id in answers
    )


def said(recommendation) -> tuple:
    """Everything the result shows, as text: what a control may change."""
    return (
        recommendation.option,
        tuple(link.text for link in recommendation.reasons),
        tuple(link.text for link in recommendation.trade_offs),
        tuple(recommendation.runners_up),
        tuple(recommendation.if_you_could),
    )


SAID = {
    key(answers): said(decide.recommend(answers, DATA)) for answers in EVERY_COMBINATION
}


def completions(start: dict, index: int, before: dict) -> list[dict]:
    """Every complete set of answers that keeps ``start`` (the answers up to and including
    question ``index``) and, for each later question, the answer ``before`` gave it where that
    answer is still asked and offered; a question or answer newly asked takes every value."""
    found = [dict(start)]
    for question in QUESTIONS[index + 1 :]:
        question_id = question["id"]
        grown = []
        for answers in found:
            if not decide.is_asked(DATA, question, answers):
                grown.append(answers)
                continue
            offered = decide.offered(DATA, question, answers)
            old = before.get(question_id)
            if question["type"] == "multiple":
                # Keep the ticks still offered; an answer offered now and not before is
                # ticked or not.
                was_offered = (
                    set(decide.offered(DATA, question, before))
                    if decide.is_asked(DATA, question, before)
                    else set()
                )
                kept = frozenset(old or ()) & set(offered)
                new = [answer for answer in offered if answer not in was_offered]
                values = [kept | set(extra) for extra in decide.choices(question, new)]
            elif old in offered:
                values = [old]
            else:
                values = offered
            grown += [dict(answers, **{question_id: value}) for value in values]
        found = grown
    return found


def changes(answers: dict, index: int, answer_id: str) -> list[dict]:
    """The complete answers a reader reaches from ``answers`` by moving the control away: another
    answer of a radio question, or the checkbox's tick flipped, then answering what that asks."""
    question = QUESTIONS[index]
    question_id = question["id"]
    prefix = {q: answers[q] for q in ORDER[:index] if q in answers}
    if question["type"] == "multiple":
        alternatives = [frozenset(answers[question_id] ^ {answer_id})]
    else:
        alternatives = [
            other
            for other in decide.offered(DATA, question, prefix)
            if other != answer_id
        ]
    reached = []
    for alternative in alternatives:
        start = dict(prefix, **{question_id: alternative})
        reached += completions(start, index, answers)
    return reached


def selected(answers: dict, question: dict, answer_id: str) -> bool:
    given = answers.get(question["id"])
    if question["type"] == "multiple":
        return given is not None and answer_id in given
    return given == answer_id


def contexts_where_nothing_changes(index: int, answer_id: str) -> list[str]:
    """The answers before the question (as a query) under which the control is enabled and no
    change of it alters what the page says."""
    question = QUESTIONS[index]
    useful: dict[tuple, bool] = {}
    for answers in EVERY_COMBINATION:
        if not selected(answers, question, answer_id):
            continue
        prefix = key({q: answers[q] for q in ORDER[:index] if q in answers})
        if useful.get(prefix):
            continue
        here = SAID[key(answers)]
        useful[prefix] = any(
            SAID[key(other)] != here for other in changes(answers, index, answer_id)
        )
    return [
        decide.query_string(dict(prefix), DATA) or "(no answers yet)"
        for prefix, was_useful in useful.items()
        if not was_useful
    ]


def every_control():
    for index, question in enumerate(QUESTIONS):
        for answer in question["answers"]:
            yield index, question["id"], answer["id"]


def test_every_control_offered_can_change_what_the_page_says():
    idle = {}
    for index, question_id, answer_id in every_control():
        if (question_id, answer_id) in EXEMPT:
            continue
        contexts = contexts_where_nothing_changes(index, answer_id)
        if contexts:
            idle[f"{question_id}={answer_id}"] = contexts
    assert not idle, "controls that change nothing, after these answers: " + "; ".join(
        f"{control} after {contexts[:3]} ({len(contexts)} in all)"
        for control, contexts in idle.items()
    )


def test_run_later_is_not_offered_for_work_a_schedule_starts():
    # The reader's report: ticking it changed nothing for scheduled work.
    needs = next(question for question in QUESTIONS if question["id"] == "needs")
    assert decide.offered(DATA, needs, {"start": "schedule"}) == [
        "retries",
        "monitoring",
    ]
    assert "schedule" in decide.offered(DATA, needs, {"start": "request"})
    states, kept = decide.question_states(
        DATA, {"start": "schedule", "needs": frozenset({"schedule", "retries"})}
    )
    assert states["needs:schedule"] == "skipped"
    assert kept["needs"] == frozenset({"retries"})
    # Before the start is answered it may still matter, so it stays enabled.
    assert decide.question_states(DATA, {})[0]["needs:schedule"] == "open"


def test_every_exemption_names_a_control_and_gives_its_reason():
    controls = {
        (question_id, answer_id) for _, question_id, answer_id in every_control()
    }
    for control, reason in EXEMPT.items():
        assert control in controls and reason, control
