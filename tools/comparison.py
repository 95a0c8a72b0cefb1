"""Render the comparison from ``docs/decide/options.yml``, and check the data's evidence.

Run ``python -m tools.comparison`` to rewrite the part of the page it renders: one summary
table (a row per option, a column per need, a few words a cell), then a collapsible block
per need with each option's full answer and the tests that show it. The tests fail while
the written file differs from what the data renders.

Every cell says something about one option. A cell that claims anything names the
tests that show it (``tests/<path>.py::test_name``); a cell the suite does not
demonstrate says ``not shown`` and names none. Fault, graceful-stop and retry cells also
state the ``outcome`` their tests observed (one of ``OUTCOMES``, or one per named variant).
A test that observes one carries ``@pytest.mark.shows(option, feature, outcome=...,
variant=...)``; :func:`problems` reads those markers from the test modules' source and
fails while a stated outcome has no marked test among its cell's evidence, or a marker
names something the data does not say or sits on a test its cell does not cite.
"""

import ast
import inspect
import sys
from dataclasses import dataclass, replace
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


# Registered in tests/conftest.py, so that --strict-markers accepts it.
MARKER_HELP = (
    "shows(option, feature, outcome=None, variant=None): the test shows this cell of "
    "docs/decide/options.yml and, for a cell that states one, its outcome (per variant); "
    "tools/comparison.py checks that the cell cites the test and the outcomes agree"
)


def _shows(option, feature, outcome=None, variant=None):
    """The arguments ``pytest.mark.shows`` takes (never called)."""


@dataclass(frozen=True)
class Shows:
    """One ``@pytest.mark.shows(...)``; ``test`` names its test as the data cites it."""

    test: str
    option: str
    feature: str
    outcome: str | None = None
    variant: str | None = None

    @classmethod
    def bind(cls, test: str, *args, **kwargs) -> "Shows":
        """The marker from its call's arguments; TypeError when ``shows`` takes no such."""
        bound = inspect.signature(_shows).bind(*args, **kwargs)
        for name, value in bound.arguments.items():
            if not isinstance(value, str):
                raise TypeError(f"{name} must be a string, not {value!r}")
        return cls(test, **bound.arguments)

    def __str__(self) -> str:
        named = [
            f"{name}={value!r}"
            for name, value in (("outcome", self.outcome), ("variant", self.variant))
            if value is not None
        ]
        return f"shows({', '.join([repr(self.option), repr(self.feature), *named])})"


def stated_variants(cell: dict) -> list[tuple[str | None, str]]:
    """The cell's outcomes as (variant, outcome) pairs; the variant is None for one outcome."""
    stated = cell.get("outcome")
    if stated is None:
        return []
    return list(stated.items()) if isinstance(stated, dict) else [(None, stated)]


def marker_problems(marker: Shows) -> list[str]:
    """What the marker names that the data does not say: option, feature, outcome, variant."""
    where = f"{marker.test} is marked {marker}"
    options = {option_data["id"]: option_data for option_data in load()["options"]}
    if marker.option not in options:
        return [f"{where}: no option {marker.option!r}; known: {', '.join(options)}"]
    cells = options[marker.option]["cells"]
    if marker.feature not in cells:
        return [
            f"{where}: {marker.option} has no feature {marker.feature!r}; "
            f"known: {', '.join(cells)}"
        ]
    cell = cells[marker.feature]
    cell_name = f"{marker.option}.{marker.feature}"
    if cell["value"] == NOT_SHOWN:
        return [f"{where}, but {cell_name} says {NOT_SHOWN!r}"]
    if marker.outcome is not None and marker.outcome not in OUTCOMES:
        return [f"{where}: outcome {marker.outcome!r} is not one of {sorted(OUTCOMES)}"]
    stated = dict(stated_variants(cell))
    if not stated:
        if marker.outcome is None and marker.variant is None:
            return []
        return [f"{where}, but {cell_name} states no outcome"]
    if marker.variant not in stated:
        if None in stated:
            return [f"{where}, but {cell_name} states one outcome, for no variant"]
        return [
            f"{where}, but {cell_name} states an outcome per variant "
            f"({', '.join(stated)}): name one with variant="
        ]
    expected = stated[marker.variant]
    if marker.outcome != expected:
        for_variant = f" for {marker.variant}" if marker.variant else ""
        return [f"{where}, but {cell_name} states {expected!r}{for_variant}"]
    return []


def marker_errors(test: str, args: tuple, kwargs: dict) -> list[str]:
    """What is wrong with one ``shows`` marker as pytest collected it (tests/conftest.py)."""
    try:
        marker = Shows.bind(test, *args, **kwargs)
    except TypeError as error:
        return [f"{test}: shows(option, feature, outcome=None, variant=None): {error}"]
    return marker_problems(marker)


def _is_shows(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and ast.unparse(node.func) in {
        "pytest.mark.shows",
        "mark.shows",
    }


def _read_marker(test: str, call: ast.Call, where: str) -> Shows | str:
    """The marker a decorator's call makes, or why it cannot be read from the source."""
    unpacked = any(keyword.arg is None for keyword in call.keywords)
    try:
        args = [ast.literal_eval(arg) for arg in call.args]
        kwargs = {
            keyword.arg: ast.literal_eval(keyword.value) for keyword in call.keywords
        }
    except ValueError:  # a name, a call, a *list: known only when the test runs
        unpacked = True
    if unpacked:
        return f"{where}: give shows() its arguments as literal strings"
    try:
        return Shows.bind(test, *args, **kwargs)
    except TypeError as error:
        return f"{where}: shows(option, feature, outcome=None, variant=None): {error}"


def markers_in(module: Path) -> tuple[list[Shows], list[str]]:
    """The ``shows`` markers of one test module's tests (decorators and ``pytestmark``),
    and what cannot be read: a marker anywhere else, or with arguments not written out."""
    path = module.relative_to(ROOT).as_posix()
    tree = ast.parse(module.read_text())
    module_marks = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "pytestmark"
            for target in node.targets
        ):
            values = (
                node.value.elts
                if isinstance(node.value, (ast.List, ast.Tuple))
                else [node.value]
            )
            module_marks += [value for value in values if _is_shows(value)]
    tests = [
        node
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.name.startswith("test")
    ]
    markers, found, read = [], [], set()
    for test in tests:
        calls = module_marks + [call for call in test.decorator_list if _is_shows(call)]
        for call in calls:
            read.add(id(call))
            marker = _read_marker(f"{path}::{test.name}", call, f"{path}:{call.lineno}")
            (markers if isinstance(marker, Shows) else found).append(marker)
    found += [
        f"{path}:{node.lineno}: a shows marker reads only as a decorator of a "
        "module-level test function or in the module's pytestmark"
        for node in ast.walk(tree)
        if _is_shows(node) and id(node) not in read
    ]
    return markers, list(dict.fromkeys(found))


def shows_markers() -> tuple[list[Shows], list[str]]:
    """Every ``shows`` marker under tests/, and every one that cannot be read."""
    markers, found = [], []
    for module in sorted((ROOT / "tests").rglob("*.py")):
        if "mark.shows" in module.read_text():
            in_module, unreadable = markers_in(module)
            markers += in_module
            found += unreadable
    return markers, found


def problems() -> list[str]:
    """Every claim without a test, every cited test that does not exist, every stated
    outcome no cited test is marked to show, and every marker the data disagrees with."""
    markers, found = shows_markers()
    shown = set(markers)
    for marker in markers:
        wrong = marker_problems(marker)
        found += wrong
        if not wrong:
            cell = option(marker.option)["cells"][marker.feature]
            if marker.test not in (cell.get("evidence") or []):
                found.append(
                    f"{marker.test} is marked {marker}, but "
                    f"{marker.option}.{marker.feature} does not cite it"
                )
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
                if stated not in OUTCOMES:
                    found.append(
                        f"{where}: outcome {stated!r} is not one of {sorted(OUTCOMES)}"
                    )
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
            for variant, stated in stated_variants(cell):
                wanted = Shows("", option_data["id"], feature_id, stated, variant)
                if not any(
                    replace(wanted, test=citation) in shown for citation in evidence
                ):
                    found.append(
                        f"{where} states outcome {stated!r}"
                        + (f" for {variant}" if variant else "")
                        + f", but none of the tests it cites is marked {wanted}"
                    )
    return found


def main() -> None:
    TABLE.write_text(render())
    print(f"wrote {TABLE}")


if __name__ == "__main__":
    sys.exit(main())
