"""Render the comparison from ``docs/decide/options.yml``, and check the data's evidence.

Run ``python -m tools.comparison`` to rewrite the part of the page it renders: one summary
table (a row per option, a column per need, a few words a cell), then a collapsible block
per need with each option's full answer and the tests that show it. The tests fail while
the written file differs from what the data renders.

Every cell says something about one option. A cell that claims anything names the
tests that show it (``tests/<path>.py::test_name``); a cell the suite does not
demonstrate says ``not shown`` and names none. Fault, graceful-stop and retry cells also
state the ``outcome`` their tests observed (one of ``OUTCOMES``, or one per named variant);
those tests read it back with :func:`outcome`.
"""

import ast
import sys
from functools import cache
from pathlib import Path

import yaml

from tools import ROOT

DATA = ROOT / "docs" / "decide" / "options.yml"
TABLE = ROOT / "docs" / "decide" / "comparison-table.md"
NOT_SHOWN = "not shown"
# "finished": the task ran to its end although its worker was told to stop (a graceful stop).
OUTCOMES = {"finished", "lost", "re-run", "retried", "not retried"}


class DataError(ValueError):
    """The data file is malformed or claims something no test shows."""


@cache
def load() -> dict:
    data = yaml.safe_load(DATA.read_text())
    feature_ids = [feature["id"] for feature in data["features"]]
    for option in data["options"]:
        unknown = set(option["cells"]) - set(feature_ids)
        missing = set(feature_ids) - set(option["cells"]) - {"setup_lines"}
        if unknown or missing:
            raise DataError(
                f"{DATA.name}: option {option['id']!r}: unknown features {sorted(unknown)}, missing {sorted(missing)}"
            )
    return data


def option(option_id: str) -> dict:
    options = {option["id"]: option for option in load()["options"]}
    if option_id not in options:
        raise DataError(
            f"no option {option_id!r} in {DATA.name}; known: {', '.join(options)}"
        )
    return options[option_id]


def outcome(option_id: str, feature_id: str, variant: str | None = None) -> str:
    """The outcome the data file states for one option's fault or retry cell."""
    cell = option(option_id)["cells"][feature_id]
    stated = cell.get("outcome")
    if isinstance(stated, dict):
        if variant not in stated:
            raise DataError(
                f"{option_id}.{feature_id} states outcomes for {sorted(stated)}, not {variant!r}"
            )
        stated = stated[variant]
    if stated not in OUTCOMES:
        raise DataError(
            f"{option_id}.{feature_id}: outcome {stated!r} is not one of {sorted(OUTCOMES)}"
        )
    return stated


def setup_lines(option_data: dict) -> int | None:
    """Lines of code (no blanks, comments or docstrings) in the option's setup files."""
    paths = option_data.get("setup_files")
    if not paths:
        return None
    total = 0
    for relative in paths:
        source = (ROOT / relative).read_text()
        docstring_lines = set()
        for node in ast.walk(ast.parse(source)):
            body = getattr(node, "body", None)
            if (
                isinstance(body, list)
                and body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                docstring_lines.update(range(body[0].lineno, body[0].end_lineno + 1))
        total += sum(
            1
            for number, line in enumerate(source.splitlines(), start=1)
            if line.strip()
            and not line.strip().startswith("#")
            and number not in docstring_lines
        )
    return total


def short_words(cell: dict) -> str:
    """The cell as the summary table shows it: its ``short`` words, else its outcome."""
    if cell["value"] == NOT_SHOWN:
        return NOT_SHOWN
    if "short" in cell:
        return cell["short"]
    stated = cell.get("outcome")
    return stated if isinstance(stated, str) else ""


def stated_outcomes(cell: dict) -> list[str]:
    stated = cell.get("outcome")
    if stated is None:
        return []
    return list(stated.values()) if isinstance(stated, dict) else [stated]


def option_link(option_data: dict) -> str:
    return (
        f"[{option_data['name']}]({option_data['page']})"
        if option_data.get("page")
        else option_data["name"]
    )


def anchor(feature: dict) -> str:
    return "need-" + feature["id"].replace("_", "-")


def summary(data: dict) -> list[str]:
    """One row per option, one column per need, a few words a cell."""
    features = data["features"]
    header = ["Option"] + [
        f"[{feature['need']}](#{anchor(feature)})"
        if feature["id"] != "setup_lines"
        else feature["need"]
        for feature in features
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for option_data in data["options"]:
        row = [option_link(option_data)]
        for feature in features:
            if feature["id"] == "setup_lines":
                count = setup_lines(option_data)
                row.append(str(count) if count is not None else NOT_SHOWN)
            else:
                row.append(short_words(option_data["cells"][feature["id"]]))
        lines.append("| " + " | ".join(row) + " |")
    return lines


def details(data: dict, feature: dict) -> list[str]:
    """A collapsible block: what the tests showed of each option, and which tests showed it."""
    lines = [
        f'<details class="note" id="{anchor(feature)}" markdown="1">',
        f"<summary>{feature['label']}</summary>",
        "",
    ]
    not_shown = []
    for option_data in data["options"]:
        cell = option_data["cells"][feature["id"]]
        if cell["value"] == NOT_SHOWN:
            not_shown.append(option_data["name"])
            continue
        tests = ", ".join(f"`{test}`" for test in cell.get("evidence") or [])
        lines.append(
            f"- **{option_link(option_data)}**: {cell['value']}. Shown by {tests}."
        )
    if not_shown:
        lines += ["", f"The tests do not show it for {', '.join(not_shown)}."]
    return lines + ["", "</details>", ""]


def render() -> str:
    """The summary table, then one collapsible block per need with the tests behind each cell."""
    data = load()
    lines = [
        "<!-- Generated by tools/comparison.py from docs/decide/options.yml; do not edit. -->",
        "",
        '<div class="comparison-summary" markdown="1">',
        "",
        *summary(data),
        "",
        "</div>",
        "",
        "## What the tests saw, need by need",
        "",
        "Open a need to read each option's full answer and the tests that show it.",
        "",
    ]
    for feature in data["features"]:
        if feature["id"] != "setup_lines":
            lines += details(data, feature)
    return "\n".join(lines)


def defined_tests(module: Path) -> dict[str, ast.AST]:
    return {
        node.name: node
        for node in ast.parse(module.read_text()).body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }


def asserts_outcome(citation: str, option_id: str, feature_id: str) -> bool:
    """Does the cited test read this cell's outcome back (``comparison.outcome(option, feature...)``)?"""
    path, _, name = citation.partition("::")
    module = ROOT / path
    test = defined_tests(module).get(name) if module.is_file() else None
    if test is None:
        return False
    source = ast.unparse(
        test
    )  # decorators too: a parametrized test names its options there
    return (
        "comparison.outcome(" in source
        and repr(feature_id) in source
        and repr(option_id) in source
    )


def problems() -> list[str]:
    """Every claim without a test, every cited test that does not exist, every outcome no test reads."""
    found = []
    for option_data in load()["options"]:
        for feature_id, cell in option_data["cells"].items():
            where = f"{option_data['id']}.{feature_id}"
            evidence = cell.get("evidence") or []
            if cell["value"] == NOT_SHOWN:
                if evidence or "outcome" in cell:
                    found.append(
                        f"{where} says {NOT_SHOWN!r} but cites tests or states an outcome"
                    )
                continue
            if not evidence:
                found.append(
                    f"{where} claims {cell['value']!r} and names no test that shows it"
                )
            short = short_words(cell)
            if not short:
                found.append(f"{where} has no short words for the summary table")
            for stated in stated_outcomes(cell):
                if short and stated not in short:
                    found.append(
                        f"{where}: the summary says {short!r}, which omits the outcome {stated!r}"
                    )
            for citation in evidence:
                path, _, name = citation.partition("::")
                module = ROOT / path
                if not path.startswith("tests/") or not module.is_file():
                    found.append(f"{where} cites {citation}: no such test module")
                elif name not in defined_tests(module):
                    found.append(f"{where} cites {citation}: {path} defines no {name}")
            if "outcome" in cell and not any(
                asserts_outcome(citation, option_data["id"], feature_id)
                for citation in evidence
            ):
                found.append(
                    f"{where} states outcome {cell['outcome']!r} but none of its tests asserts it with comparison.outcome()"
                )
    return found


def main() -> None:
    TABLE.write_text(render())
    print(f"wrote {TABLE}")


if __name__ == "__main__":
    sys.exit(main())
