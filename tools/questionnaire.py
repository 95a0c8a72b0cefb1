"""The questionnaire's decision, in Python, from the same data the page's JavaScript reads.

``docs/decide/questionnaire.json`` holds the questions, a decision tree and the
reasons. This module walks that tree (``recommend``), lists every possible set
of answers (``every_combination``) and writes what the page shows before any script runs:
the questions as an HTML form (``form``), which the page's JavaScript fills in, reads and
answers, so nothing moves when it starts; the tree as the Mermaid flowchart (``flowchart``)
and as a nested list (``outline``), which need no script at all; and every option with its
reasons (``reasons``), the answer a reader without JavaScript gets from the flowchart.
``docs/decide/questionnaire.md`` includes them from ``docs/decide/`` (``mkdocs.yml``
excludes them from the pages); ``tests/test_site/test_questionnaire.py`` checks the page's
JavaScript against ``recommend``.

Some questions are asked only after some answers (a question's ``asked`` condition, which
reads earlier questions only): work started by a schedule is not asked about views. An answer
can be offered only after some answers in the same way (an answer's ``asked``): "run later"
is not offered for work a schedule already starts. A set of answers holds an answer to each
question asked, drawn from the answers offered, and none to the others.

Runners-up respect the answers: one that needs a service the reader may not add, or a
database the reader does not use, is listed apart, under what it would take
(``Recommendation.if_you_could``, worded by the data's ``requirements``).

While the reader answers, the page counts the questions left (``pending``): every question
not ruled out by the answers so far, a multiple choice included until something in it is
ticked or a later question is answered (ticking nothing is an answer, given by moving on).

Regenerate them after editing the data::

    .venv/bin/python -m tools.questionnaire --write
"""

import html
import itertools
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from tools import ROOT

DATA_FILE = ROOT / "docs" / "decide" / "questionnaire.json"
FLOWCHART_FILE = DATA_FILE.with_name("questionnaire-flowchart.mmd")
OUTLINE_FILE = DATA_FILE.with_name("questionnaire-outline.md")
FORM_FILE = DATA_FILE.with_name("questionnaire-form.html")
REASONS_FILE = DATA_FILE.with_name("questionnaire-reasons.md")

Answers = dict[str, str | frozenset[str]]


@dataclass(frozen=True)
class Link:
    text: str
    href: str | None
    # The official documents a note rests on: (title, url) pairs.
    sources: tuple[tuple[str, str], ...] = ()


def note_link(note: dict) -> Link:
    return Link(
        note["text"],
        note.get("href"),
        tuple((source["title"], source["url"]) for source in note.get("sources", [])),
    )


@dataclass(frozen=True)
class Recommendation:
    option: str
    label: str
    href: str
    reasons: tuple[Link, ...]
    # What the option cannot do of what the reader asked, when no option can do it all.
    trade_offs: tuple[Link, ...]
    # Other options that fit the answers: (option id, why).
    runners_up: tuple[tuple[str, str], ...]
    # The notes shown, as the data holds them (the tests read what each one declares).
    notes: tuple[dict, ...] = ()
    # Runners-up that need what the answers rule out: (option id, why, what it would take).
    if_you_could: tuple[tuple[str, str, str], ...] = ()


def load(path: Path = DATA_FILE) -> dict:
    return json.loads(path.read_text())


def holds(data: dict, condition: dict, answers: Answers) -> bool:
    """Evaluate one condition of the data file's small language (see its "about").

    A question without an answer (not asked, or not answered yet) matches no ``is`` and
    no ``has``.
    """
    [(kind, argument)] = condition.items()
    if kind == "is":
        question_id, accepted = argument
        return question_id in answers and answers[question_id] in accepted
    if kind == "has":
        question_id, accepted = argument
        return bool(set(answers.get(question_id, ())) & set(accepted))
    if kind == "any":
        return any(holds(data, part, answers) for part in argument)
    if kind == "all":
        return all(holds(data, part, answers) for part in argument)
    if kind == "not":
        return not holds(data, argument, answers)
    if kind == "ref":
        return holds(data, data["conditions"][argument], answers)
    raise ValueError(
        f"unknown condition {kind!r} in {DATA_FILE.name}; use is, has, any, all, not or ref"
    )


def questions_read(data: dict, condition: dict) -> set[str]:
    """The ids of the questions a condition reads, through its named conditions too."""
    [(kind, argument)] = condition.items()
    if kind in ("is", "has"):
        return {argument[0]}
    if kind in ("any", "all"):
        return set().union(*(questions_read(data, part) for part in argument))
    if kind == "not":
        return questions_read(data, argument)
    if kind == "ref":
        return questions_read(data, data["conditions"][argument])
    raise ValueError(f"unknown condition {kind!r} in {DATA_FILE.name}")


def is_asked(data: dict, question: dict, answers: Answers) -> bool:
    """Whether the question (or an answer) is asked, given the answers to the questions before it."""
    return "asked" not in question or holds(data, question["asked"], answers)


def offered(data: dict, question: dict, answers: Answers) -> list[str]:
    """The ids of the question's answers offered after these answers to earlier questions."""
    return [
        answer["id"]
        for answer in question["answers"]
        if is_asked(data, answer, answers)
    ]


def check_answers(data: dict, answers: Answers) -> None:
    """Raise ``ValueError`` naming the first missing, unknown, misspelt or unasked answer."""
    questions = {question["id"]: question for question in data["questions"]}
    unknown = sorted(set(answers) - set(questions))
    if unknown:
        raise ValueError(
            f"unknown question(s) {unknown}; the questions are {sorted(questions)}"
        )
    for question_id, question in questions.items():
        allowed = [answer["id"] for answer in question["answers"]]
        if not is_asked(data, question, answers):
            if question_id in answers:
                raise ValueError(
                    f"{question_id!r} is not asked after these answers; leave it out"
                )
            continue
        if question_id not in answers:
            raise ValueError(f"no answer to {question_id!r}; give one of {allowed}")
        given = answers[question_id]
        if question["type"] == "multiple":
            if not isinstance(given, (set, frozenset)) or not given <= set(allowed):
                raise ValueError(
                    f"{question_id!r} takes a set drawn from {allowed}, not {given!r}"
                )
        elif given not in allowed:
            raise ValueError(f"{question_id!r} takes one of {allowed}, not {given!r}")
        given_ids = given if question["type"] == "multiple" else {given}
        not_offered = sorted(set(given_ids) - set(offered(data, question, answers)))
        if not_offered:
            raise ValueError(
                f"{question_id!r}: {not_offered} not offered after these answers; leave"
                " it out"
            )


def walk(data: dict, answers: Answers) -> str:
    """The option the decision tree ends on; a ``goto`` continues in a named subtree."""
    node = data["decision"]
    while "leaf" not in node:
        if "goto" in node:
            node = data["subtrees"][node["goto"]]["node"]
        else:
            node = node["yes"] if holds(data, node["if"], answers) else node["no"]
    return node["leaf"]


def shown_notes(data: dict, option_id: str, answers: Answers) -> list[dict]:
    """The notes these answers add to this option: those whose condition holds and which are
    either for every option or list this one in ``for``."""
    return [
        note
        for note in data["notes"]
        if option_id in note.get("for", [option_id])
        and holds(data, note.get("if", {"all": []}), answers)
    ]


def unmet_requirements(data: dict, option_id: str, answers: Answers) -> list[str]:
    """What the option needs that the answers rule out, as keys of the data's
    ``requirements``: a service beyond those the "what may you add" answer allows, a database
    other than the one the reader named. A question not asked rules out nothing."""
    option = data["options"][option_id]
    unmet = []
    for question in data["questions"]:
        given = answers.get(question["id"])
        if given is None or question["type"] == "multiple":
            continue
        answer = next(a for a in question["answers"] if a["id"] == given)
        if "allows" in answer and option["services"] not in answer["allows"]:
            unmet.append(option["services"])
        if "database" in answer and option.get("database") not in (
            None,
            answer["database"],
        ):
            unmet.append(option["database"])
    return unmet


def requirement_label(data: dict, unmet: list[str]) -> str:
    return " and ".join(data["requirements"][key]["if"] for key in unmet)


def recommend(answers: Answers, data: dict | None = None) -> Recommendation:
    """The option the questionnaire recommends for a complete set of answers."""
    data = data or load()
    check_answers(data, answers)
    option_id = walk(data, answers)
    option = data["options"][option_id]
    notes = shown_notes(data, option_id, answers)
    runners_up, if_you_could = [], []
    for runner in option["runners_up"]:
        if "if" in runner and not holds(data, runner["if"], answers):
            continue
        unmet = unmet_requirements(data, runner["option"], answers)
        if unmet:
            if_you_could.append(
                (runner["option"], runner["why"], requirement_label(data, unmet))
            )
        else:
            runners_up.append((runner["option"], runner["why"]))
    return Recommendation(
        option=option_id,
        label=option["label"],
        href=option["href"],
        reasons=tuple(
            [Link(text, None) for text in option["reasons"]]
            + [note_link(note) for note in notes if "trade_off" not in note]
        ),
        trade_offs=tuple(note_link(note) for note in notes if "trade_off" in note),
        runners_up=tuple(runners_up),
        notes=tuple(notes),
        if_you_could=tuple(if_you_could),
    )


def choices(question: dict, ids: list[str] | None = None) -> list:
    """Every answer a question can take: each single choice, or every subset of a multiple one;
    drawn from ``ids`` (those offered) when given."""
    if ids is None:
        ids = [answer["id"] for answer in question["answers"]]
    if question["type"] != "multiple":
        return ids
    subsets = itertools.chain.from_iterable(
        itertools.combinations(ids, n) for n in range(len(ids) + 1)
    )
    return [frozenset(subset) for subset in subsets]


def every_combination(data: dict | None = None):
    """Yield every complete set of answers, in the questions' order: each question asked
    takes each of its answers, a question not asked is left out."""
    data = data or load()
    questions = data["questions"]

    def extend(index: int, answers: Answers):
        if index == len(questions):
            yield dict(answers)
            return
        question = questions[index]
        if not is_asked(data, question, answers):
            yield from extend(index + 1, answers)
            return
        for choice in choices(question, offered(data, question, answers)):
            answers[question["id"]] = choice
            yield from extend(index + 1, answers)
        del answers[question["id"]]

    yield from extend(0, {})


def query_string(answers: Answers, data: dict | None = None) -> str:
    """The page's URL query for these answers: ``needs=retries,schedule``; an empty set and a
    question not asked are left out."""
    data = data or load()
    pairs = []
    for question in data["questions"]:
        if question["id"] not in answers:
            continue
        given = answers[question["id"]]
        if question["type"] == "multiple":
            ordered = [
                answer["id"] for answer in question["answers"] if answer["id"] in given
            ]
            if ordered:
                pairs.append((question["id"], ",".join(ordered)))
        else:
            pairs.append((question["id"], given))
    return urlencode(pairs, safe=",")


def subtree_order(data: dict) -> list[str]:
    """The named subtrees in the order the tree first goes to them."""
    order = []

    def visit(node) -> None:
        if "goto" in node:
            if node["goto"] not in order:
                order.append(node["goto"])
                visit(data["subtrees"][node["goto"]]["node"])
        elif "leaf" not in node:
            visit(node["yes"])
            visit(node["no"])

    visit(data["decision"])
    return order


def leaves(data: dict) -> list[str]:
    """Every option the tree can end on, once each, in the order the outline lists them."""
    found = []

    def visit(node) -> None:
        if "leaf" in node:
            if node["leaf"] not in found:
                found.append(node["leaf"])
        elif "goto" not in node:
            visit(node["yes"])
            visit(node["no"])

    visit(data["decision"])
    for name in subtree_order(data):
        visit(data["subtrees"][name]["node"])
    return found


def flowchart(data: dict | None = None) -> str:
    """The decision tree as a Mermaid flowchart, one diamond per question asked; a subtree the
    tree goes to from several places is drawn once."""
    data = data or load()
    lines = [
        "flowchart TD",
        # Mermaid turns these into the drawing's accessible name and description.
        "    accTitle: Which background-work option fits, as a decision tree",
        "    accDescr: Each diamond asks one question of the questionnaire; its yes and no arrows"
        " lead to the next question or to the recommended option.",
    ]
    counter = itertools.count(1)
    boxes: set[str] = set()
    subtree_roots: dict[str, str] = {}

    def draw(node) -> str:
        if "leaf" in node:
            node_id = f"option_{node['leaf']}"
            if node_id not in boxes:
                boxes.add(node_id)
                lines.append(
                    f'    {node_id}["{data["options"][node["leaf"]]["label"]}"]'
                )
            return node_id
        if "goto" in node:
            name = node["goto"]
            if name not in subtree_roots:
                subtree_roots[name] = draw(data["subtrees"][name]["node"])
            return subtree_roots[name]
        node_id = f"q{next(counter)}"
        lines.append(f'    {node_id}{{"{node["ask"]}"}}')
        yes, no = draw(node["yes"]), draw(node["no"])
        lines.append(f"    {node_id} -- yes --> {yes}")
        lines.append(f"    {node_id} -- no --> {no}")
        return node_id

    draw(data["decision"])
    return "\n".join(lines) + "\n"


def outline(data: dict | None = None) -> str:
    """The decision tree as nested Markdown lists, linking each option as the page would; each
    named subtree follows as a list of its own."""
    data = data or load()
    lines = []

    def write(node, depth: int, prefix: str) -> None:
        indent = "    " * depth
        if "leaf" in node:
            option = data["options"][node["leaf"]]
            lines.append(f"{indent}- {prefix}[{option['label']}]({option['href']})")
            return
        if "goto" in node:
            title = data["subtrees"][node["goto"]]["title"]
            lines.append(f"{indent}- {prefix}go on with *{title}*, below")
            return
        lines.append(f"{indent}- {prefix}**{node['ask']}**")
        write(node["yes"], depth + 1, "Yes: ")
        write(node["no"], depth + 1, "No: ")

    write(data["decision"], 0, "")
    for name in subtree_order(data):
        subtree = data["subtrees"][name]
        lines += ["", f"*{subtree['title']}*", ""]
        write(subtree["node"], 0, "")
    return "\n".join(lines) + "\n"


def settled(data: dict, condition: dict, answers: Answers, states: dict[str, str]):
    """A condition as far as the answers so far settle it: True, False, or None while an
    unanswered question could still turn it. A question that is skipped, or a multiple choice,
    counts as answered."""
    [(kind, argument)] = condition.items()
    if kind in ("is", "has"):
        question_id = argument[0]
        multiple = any(
            q["id"] == question_id and q["type"] == "multiple"
            for q in data["questions"]
        )
        if question_id in answers or multiple or states.get(question_id) == "skipped":
            return holds(data, condition, answers)
        return None
    if kind in ("any", "all"):
        parts = [settled(data, part, answers, states) for part in argument]
        decisive = kind == "any"
        if decisive in parts:
            return decisive
        return None if None in parts else not decisive
    if kind == "not":
        inner = settled(data, argument, answers, states)
        return None if inner is None else not inner
    if kind == "ref":
        return settled(data, data["conditions"][argument], answers, states)
    raise ValueError(f"unknown condition {kind!r} in {DATA_FILE.name}")


def question_states(data: dict, answers: Answers) -> tuple[dict[str, str], Answers]:
    """Where each question stands while the reader answers, as the page's script sees it.

    In the questions' order, each is ``asked``, ``skipped`` (the answers so far make its
    ``asked`` condition fail, whatever the unanswered questions get) or ``open`` (an
    unanswered question could still decide it); so is each answer with an ``asked`` condition
    of its own, under the key ``question:answer``. Returns the states and the answers that
    count: those to questions not skipped, without the answers skipped. The page disables a
    skipped question or answer and leaves it out of the address.
    """
    states: dict[str, str] = {}
    kept: Answers = {}

    def state_of(part: dict) -> str:
        if "asked" not in part:
            return "asked"
        return {True: "asked", False: "skipped", None: "open"}[
            settled(data, part["asked"], kept, states)
        ]

    for question in data["questions"]:
        question_id = question["id"]
        states[question_id] = state_of(question)
        skipped_answers = set()
        for answer in question["answers"]:
            if "asked" in answer:
                states[f"{question_id}:{answer['id']}"] = state_of(answer)
                if states[f"{question_id}:{answer['id']}"] == "skipped":
                    skipped_answers.add(answer["id"])
        if states[question_id] == "skipped" or question_id not in answers:
            continue
        given = answers[question_id]
        if question["type"] == "multiple":
            kept[question_id] = frozenset(given) - skipped_answers
        elif given not in skipped_answers:
            kept[question_id] = given
    return states, kept


def unanswered(data: dict, answers: Answers) -> list[str]:
    """The questions still to answer, as the page's script counts them: those not skipped and
    not answered. A multiple choice counts as answered once something in it is ticked or a
    question after it is answered: ticking nothing is a choice the reader makes by moving on."""
    states, kept = question_states(data, answers)

    def answered(question: dict) -> bool:
        # A multiple choice is answered here by a tick; with none, only by being passed.
        given = kept.get(question["id"])
        return bool(given) if question["type"] == "multiple" else given is not None

    left = []
    for index, question in enumerate(data["questions"]):
        if states[question["id"]] == "skipped" or answered(question):
            continue
        passed = any(answered(later) for later in data["questions"][index + 1 :])
        if question["type"] != "multiple" or not passed:
            left.append(question["id"])
    return left


def pending(data: dict, answers: Answers) -> str:
    """What the result says while questions are unanswered, as the script says it."""
    left = len(unanswered(data, answers))
    plural = "" if left == 1 else "s"
    return f"Answer {left} more question{plural} to see a recommendation."


def summary(data: dict, answers: Answers) -> str:
    """The summary line at the bottom of the window, as text, as the script writes it: the
    questions left, or the option recommended and a link down to why."""
    if unanswered(data, answers):
        return pending(data, answers)
    recommendation = recommend(answers, data)
    short = data["options"][recommendation.option]["short"]
    trade_off = ", with a trade-off" if recommendation.trade_offs else ""
    return f"Recommended: {short}{trade_off}. See why"


def form(data: dict | None = None) -> str:
    """The questions as the HTML the page holds; the script fills it in and answers it.

    The same elements, ids and classes the script works on: the note on ignored parameters
    (hidden), one fieldset per question, the reset button, the summary line (which the
    stylesheet keeps at the bottom of the window while the questions scroll past, and hides
    until the script runs) and the result, each holding what the script writes there for a
    first visit, so that starting it moves nothing. A question asked only after some answers
    says so under its legend, and an answer offered only after some answers under its label;
    the script disables it (greyed, skipped by Tab) while those answers leave it out, which
    moves nothing either. Without
    JavaScript, the note in <noscript> sends the reader to the flowchart and the reasons.
    Left out of the search index: the pages that teach each answer are what search should find.
    No <div> inside it: Material's search indexer (9.8) ends an exclusion at the first </div>
    within the excluded one, whichever it closes.
    """
    data = data or load()
    lines = [
        '<div id="questionnaire" class="tq" data-source="../questionnaire.json"'
        " data-search-exclude>",
        "<noscript><p>Without JavaScript the form cannot answer for you: the flowchart"
        " below makes the same decision, and the options follow it, each with its"
        ' reasons. <a href="#every-option-and-its-reasons">Go to the options</a>.</p>'
        "</noscript>",
        '<p class="tq-note" role="status" hidden></p>',
        '<form class="tq-form" aria-label="Questions about your background work"'
        ' autocomplete="off">',
    ]
    for number, question in enumerate(data["questions"], start=1):
        kind = "checkbox" if question["type"] == "multiple" else "radio"
        when_id = f"tq-{question['id']}-when"
        described = f' aria-describedby="{when_id}"' if "asked" in question else ""
        lines.append(
            f'<fieldset class="tq-question" id="tq-{question["id"]}"{described}>'
        )
        lines.append(f"<legend>{number}. {html.escape(question['legend'])}</legend>")
        if "asked" in question:
            lines.append(
                f'<p class="tq-when" id="{when_id}">{html.escape(question["asked_when"])}</p>'
            )
        for answer in question["answers"]:
            input_id = f"tq-{question['id']}-{answer['id']}"
            answer_when = f"{input_id}-when"
            described = (
                f' aria-describedby="{answer_when}"' if "asked" in answer else ""
            )
            lines.append(
                f'<p class="tq-answer"><input type="{kind}" id="{input_id}"'
                f' name="{question["id"]}" value="{answer["id"]}"{described}>'
                f'<label for="{input_id}">{html.escape(answer["label"])}</label></p>'
            )
            if "asked" in answer:
                lines.append(
                    f'<p class="tq-when tq-answer-when" id="{answer_when}">'
                    f"{html.escape(answer['asked_when'])}</p>"
                )
        lines.append("</fieldset>")
    lines.append('<button type="reset" class="md-button">Start again</button>')
    lines.append("</form>")
    # Stuck to the bottom of the window while the questions scroll past, in the space it
    # keeps below them, so that nothing moves when it changes.
    # One <span>: the line is a flex box, and loose words beside an element would each be
    # laid out as an item of their own, losing the spaces between them.
    lines.append(f'<p class="tq-summary"><span>{pending(data, {})}</span></p>')
    lines.append(
        '<section id="questionnaire-result" class="tq-result" aria-live="polite"'
        f' aria-label="Recommendation"><p>{pending(data, {})}</p></section>'
    )
    lines.append("</div>")
    return "\n".join(lines) + "\n"


def note_tail(note: dict) -> str:
    """A note's links as the page's script writes them: "Read how." to a page of the site,
    then the official documents it rests on."""
    tail = f" [Read how.]({note['href']})" if note.get("href") else ""
    sources = [
        f"[{source['title']}]({source['url']})" for source in note.get("sources", [])
    ]
    if sources:
        tail += " Sources: " + ", ".join(sources) + "."
    return tail


def runner_terms(data: dict, runner: dict) -> str:
    """What a runner-up is named for, in the list without JavaScript: the work it is named for,
    if only some, and what it needs beyond Django and a worker process."""
    other = data["options"][runner["option"]]
    terms = [runner["when"]] if "when" in runner else []
    for need in (other["services"], other.get("database")):
        if need in data["requirements"]:
            terms.append(data["requirements"][need]["needs"])
    return f" ({'; '.join(terms)})" if terms else ""


def note_line(note: dict, indent: str = "") -> str:
    return f"{indent}- *{note['when']}*: {note['text']}{note_tail(note)}"


def reasons(data: dict | None = None) -> str:
    """Every option the tree can recommend, with its reasons, the notes some answers add to it,
    and its runners-up (each with the work it is named for, if only some, and what it needs);
    then the notes that some answers add whichever option fits; then the
    trade-offs, where no option does all that was asked. Each note with its condition in words:
    the questionnaire's answers for a reader without JavaScript, found through the flowchart.
    Markdown, links as the page writes them."""
    data = data or load()
    # A value, as md_in_html drops an attribute that has none.
    lines = ['<div markdown data-search-exclude="">', ""]
    recommended = set(leaves(data))
    # In the data's order: from staying in the process to the largest queue.
    for option_id, option in data["options"].items():
        if option_id not in recommended:
            continue
        lines.append(f"- **[{option['label']}]({option['href']})**")
        lines.extend(f"    - {reason}" for reason in option["reasons"])
        for note in data["notes"]:
            if option_id in note.get("for", []) and "trade_off" not in note:
                lines.append(note_line(note, "    "))
        lines.append("    - Runners-up:")
        for runner in option["runners_up"]:
            other = data["options"][runner["option"]]
            lines.append(
                f"        - [{other['label']}]({other['href']}){runner_terms(data, runner)}:"
                f" {runner['why']}"
            )
    lines += ["", "Some answers add a reason, whichever option fits:", ""]
    lines += [note_line(note) for note in data["notes"] if "for" not in note]
    lines += [
        "",
        "Where no option does everything the answers ask, the recommendation says what it"
        " gives up:",
        "",
    ]
    for note in data["notes"]:
        if "trade_off" in note:
            names = ", ".join(
                data["options"][option]["label"] for option in note["for"]
            )
            lines.append(
                f"- *{note['when']}* ({names}): {note['text']}{note_tail(note)}"
            )
    lines += ["", "</div>"]
    return "\n".join(lines) + "\n"


GENERATED = {
    FORM_FILE: form,
    FLOWCHART_FILE: flowchart,
    OUTLINE_FILE: outline,
    REASONS_FILE: reasons,
}

if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        for path, draw in GENERATED.items():
            path.write_text(draw())
            print(f"wrote {path.relative_to(ROOT)}")
    elif sys.argv[1:]:
        sys.exit(
            "usage: python -m tools.questionnaire [--write]  (without --write, print the flowchart)"
        )
    else:
        print(flowchart(), end="")
