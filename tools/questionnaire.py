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

ROOT = Path(__file__).resolve().parents[1]
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


@dataclass(frozen=True)
class Recommendation:
    option: str
    label: str
    href: str
    reasons: tuple[Link, ...]
    runners_up: tuple[tuple[str, str], ...]


def load(path: Path = DATA_FILE) -> dict:
    return json.loads(path.read_text())


def check_answers(data: dict, answers: Answers) -> None:
    """Raise ``ValueError`` naming the first missing, unknown or misspelt answer."""
    questions = {question["id"]: question for question in data["questions"]}
    unknown = sorted(set(answers) - set(questions))
    if unknown:
        raise ValueError(
            f"unknown question(s) {unknown}; the questions are {sorted(questions)}"
        )
    for question_id, question in questions.items():
        allowed = [answer["id"] for answer in question["answers"]]
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


def holds(data: dict, condition: dict, answers: Answers) -> bool:
    """Evaluate one condition of the data file's small language (see its "about")."""
    [(kind, argument)] = condition.items()
    if kind == "is":
        question_id, accepted = argument
        return answers[question_id] in accepted
    if kind == "has":
        question_id, accepted = argument
        return bool(answers[question_id] & set(accepted))
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


def recommend(answers: Answers, data: dict | None = None) -> Recommendation:
    """The option the questionnaire recommends for a complete set of answers."""
    data = data or load()
    check_answers(data, answers)
    node = data["decision"]
    while "leaf" not in node:
        node = node["yes"] if holds(data, node["if"], answers) else node["no"]
    option = data["options"][node["leaf"]]
    notes = [
        Link(note["text"], note.get("href"))
        for note in data["notes"]
        if holds(data, note["if"], answers)
    ]
    return Recommendation(
        option=node["leaf"],
        label=option["label"],
        href=option["href"],
        reasons=tuple([Link(text, None) for text in option["reasons"]] + notes),
        runners_up=tuple(
            (runner["option"], runner["why"]) for runner in option["runners_up"]
        ),
    )


def every_combination(data: dict | None = None):
    """Yield every complete set of answers: each single choice, and every subset of each multiple one."""
    data = data or load()
    choices = []
    for question in data["questions"]:
        ids = [answer["id"] for answer in question["answers"]]
        if question["type"] == "multiple":
            subsets = itertools.chain.from_iterable(
                itertools.combinations(ids, n) for n in range(len(ids) + 1)
            )
            choices.append([frozenset(subset) for subset in subsets])
        else:
            choices.append(ids)
    question_ids = [question["id"] for question in data["questions"]]
    for combination in itertools.product(*choices):
        yield dict(zip(question_ids, combination, strict=True))


def query_string(answers: Answers, data: dict | None = None) -> str:
    """The page's URL query for these answers: ``needs=retries,schedule``; an empty set is left out."""
    data = data or load()
    pairs = []
    for question in data["questions"]:
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


def flowchart(data: dict | None = None) -> str:
    """The decision tree as a Mermaid flowchart, one diamond per question asked."""
    data = data or load()
    lines = [
        "flowchart TD",
        # Mermaid turns these into the drawing's accessible name and description.
        "    accTitle: Which background-work option fits, as a decision tree",
        "    accDescr: Each diamond asks one question of the questionnaire; its yes and no arrows"
        " lead to the next question or to the recommended option.",
    ]
    counter = itertools.count(1)

    def draw(node) -> str:
        if "leaf" in node:
            node_id = f"option_{node['leaf']}"
            lines.append(f'    {node_id}["{data["options"][node["leaf"]]["label"]}"]')
            return node_id
        node_id = f"q{next(counter)}"
        lines.append(f'    {node_id}{{"{node["ask"]}"}}')
        yes, no = draw(node["yes"]), draw(node["no"])
        lines.append(f"    {node_id} -- yes --> {yes}")
        lines.append(f"    {node_id} -- no --> {no}")
        return node_id

    draw(data["decision"])
    return "\n".join(lines) + "\n"


def outline(data: dict | None = None) -> str:
    """The decision tree as a nested Markdown list, linking each option as the page would."""
    data = data or load()
    lines = []

    def write(node, depth: int, prefix: str) -> None:
        indent = "    " * depth
        if "leaf" in node:
            option = data["options"][node["leaf"]]
            lines.append(f"{indent}- {prefix}[{option['label']}]({option['href']})")
            return
        lines.append(f"{indent}- {prefix}**{node['ask']}**")
        write(node["yes"], depth + 1, "Yes: ")
        write(node["no"], depth + 1, "No: ")

    write(data["decision"], 0, "")
    return "\n".join(lines) + "\n"


def pending(data: dict, answers: Answers) -> str:
    """What the result says while single-choice questions are unanswered, as the script says it."""
    left = [
        question
        for question in data["questions"]
        if question["type"] != "multiple" and question["id"] not in answers
    ]
    plural = "" if len(left) == 1 else "s"
    return f"Answer {len(left)} more question{plural} to see a recommendation."


def form(data: dict | None = None) -> str:
    """The questions as the HTML the page holds; the script fills it in and answers it.

    The same elements, ids and classes the script works on: the note on ignored parameters
    (hidden), one fieldset per question, the reset button, and the result, which holds what
    the script writes there for a first visit, so that starting it moves nothing. Without
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
        lines.append('<fieldset class="tq-question">')
        lines.append(f"<legend>{number}. {html.escape(question['legend'])}</legend>")
        for answer in question["answers"]:
            input_id = f"tq-{question['id']}-{answer['id']}"
            lines.append(
                f'<p class="tq-answer"><input type="{kind}" id="{input_id}"'
                f' name="{question["id"]}" value="{answer["id"]}">'
                f'<label for="{input_id}">{html.escape(answer["label"])}</label></p>'
            )
        lines.append("</fieldset>")
    lines.append('<button type="reset" class="md-button">Start again</button>')
    lines.append("</form>")
    lines.append(
        '<section id="questionnaire-result" class="tq-result" aria-live="polite"'
        f' aria-label="Recommendation"><p>{pending(data, {})}</p></section>'
    )
    lines.append("</div>")
    return "\n".join(lines) + "\n"


def reasons(data: dict | None = None) -> str:
    """Every option the tree can recommend, with its reasons and runners-up, then the notes
    that some answers add, each with its condition in words: the questionnaire's answers for
    a reader without JavaScript, found through the flowchart. Markdown, links as the page
    writes them."""
    data = data or load()
    recommended = []

    def leaves(node) -> None:
        if "leaf" in node:
            recommended.append(node["leaf"])
        else:
            leaves(node["yes"])
            leaves(node["no"])

    leaves(data["decision"])
    # A value, as md_in_html drops an attribute that has none.
    lines = ['<div markdown data-search-exclude="">', ""]
    for option_id in recommended:
        option = data["options"][option_id]
        lines.append(f"- **[{option['label']}]({option['href']})**")
        lines.extend(f"    - {reason}" for reason in option["reasons"])
        lines.append("    - Runners-up:")
        for runner in option["runners_up"]:
            other = data["options"][runner["option"]]
            lines.append(
                f"        - [{other['label']}]({other['href']}): {runner['why']}"
            )
    lines += ["", "Some answers add a reason, whichever option fits:", ""]
    for note in data["notes"]:
        link = f" [Read how.]({note['href']})" if note.get("href") else ""
        lines.append(f"- *{note['when']}*: {note['text']}{link}")
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
