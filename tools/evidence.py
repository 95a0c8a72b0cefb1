"""MkDocs hook: every test a page cites is a short link to that test's source on this site.

Pages cite their evidence as inline code (see ``tests/test_docs/test_evidence_links.py``):
``tests/<path>.py::test_name`` (or ``Class::test_name``), a whole module ``tests/<path>.py``,
or, later in the same paragraph, a bare ``test_name`` of the module cited last. The comparison
table also cites ``<module>.py::test_name`` with the module's folder left out. The page sources
stay as they are; at build time this hook

- writes one page per cited module, ``evidence/<path under tests/>/``, out of the navigation and
  the search index: the module's source, highlighted, where the lines of each function and class
  carry its name as their ``id`` (``Class::method`` for a method), so that a link lands on them
  (the left navigation is hidden there, to give the code the width);
- rewrites every citation in the Markdown the pages are rendered from (after ``--8<--``
  includes, outside fenced code) into a short link: a full citation reads as a small "test"
  marker, whose accessible name and title say which test; a module reads as its file name, and a
  bare test name stays as it is, both now links.

A citation of a module or a name that does not exist fails the build.
"""

import ast
import html
import posixpath
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

# MkDocs loads this hook by its path, with the repository not on sys.path, so it cannot
# import tools.ROOT: each hook defines the root itself.
ROOT = Path(__file__).resolve().parents[1]


TESTS = ROOT / "tests"
EVIDENCE_DIR = "evidence"
CACHE = ROOT / ".cache" / "evidence"
# The citation forms of tests/test_docs/test_evidence_links.py, plus the comparison table's
# short form: a module named without its folder, which must then name a test.
CITATION = re.compile(
    r"`(?P<path>tests/[\w./-]+\.py)(?:::(?P<names>[\w:]+))?`"
    r"|`(?P<short>[\w.-]+\.py)::(?P<short_names>[\w:]+)`"
    r"|`(?P<bare>test_\w+)`"
)
# A backtick fence's info string holds no backtick: a line opening with "```` ```python ````" is
# inline code, not a fence.
FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}(?=[^`\n]*$)|~{3,})")
PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n)")
INCLUDE_LINE = re.compile(r'^\s*--8<--\s+"(?P<path>[^"]+\.md)"\s*$', re.MULTILINE)


class CitationError(PluginError):
    """A page cites a module or a test that does not exist."""


# --- Modules and their names ------------------------------------------------------------------


def evidence_uri(module: str) -> str:
    """The generated page's source path: ``tests/a/test_b.py`` -> ``evidence/a/test_b.md``."""
    return f"{EVIDENCE_DIR}/{module.removeprefix('tests/').removesuffix('.py')}.md"


@cache
def module_text(module: str) -> str:
    path = ROOT / module
    if not module.startswith("tests/") or not path.is_file():
        raise CitationError(f"cited module {module} does not exist")
    return path.read_text(encoding="utf-8")


@cache
def named_spans(module: str) -> dict[str, tuple[int, int]]:
    """Each function and class (``Class::method`` for methods): its first and last line.

    The first line is that of its first decorator, so that a link lands on the decorators too.
    """
    spans = {}

    def span(node) -> tuple[int, int]:
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        return first, node.end_lineno

    for node in ast.parse(module_text(module)).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            spans[node.name] = span(node)
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    spans[f"{node.name}::{item.name}"] = span(item)
    return spans


@cache
def short_module(file_name: str) -> str:
    """The one module under tests/ with this file name (the comparison table's short form)."""
    found = sorted(TESTS.rglob(file_name))
    if len(found) != 1:
        raise CitationError(
            f"`{file_name}::...` names {len(found)} modules under tests/; "
            "cite it with its path, tests/<path>.py"
        )
    return found[0].relative_to(ROOT).as_posix()


def check_name(module: str, name: str) -> None:
    if name not in named_spans(module):
        raise CitationError(
            f"{module}::{name} is cited, but {module} defines no {name}"
        )


# --- Citations in Markdown --------------------------------------------------------------------


def citations(markdown: str):
    """(match, module, name or None) for each citation, outside fenced code, in paragraph order."""
    for chunk, is_code in chunks(markdown):
        if is_code:
            continue
        for paragraph in PARAGRAPH_BREAK.split(chunk):
            yield from paragraph_citations(paragraph)


def chunks(markdown: str) -> list[tuple[str, bool]]:
    """The text cut into runs of fenced code and runs of everything else: (text, is_code)."""
    found, lines, fence = [], [], None
    for line in markdown.splitlines(keepends=True):
        opening = FENCE.match(line)
        if fence is None and opening:
            found.append(("".join(lines), False))
            lines, fence = [line], opening["fence"]
        elif fence is not None:
            lines.append(line)
            if (
                line.strip()
                and set(line.strip()) == {fence[0]}
                and len(line.strip()) >= len(fence)
            ):
                found.append(("".join(lines), True))
                lines, fence = [], None
        else:
            lines.append(line)
    found.append(("".join(lines), fence is not None))
    return [(text, is_code) for text, is_code in found if text]


def paragraph_citations(paragraph: str):
    module = None
    for match in CITATION.finditer(paragraph):
        if match["path"]:
            module, name = match["path"], match["names"]
        elif match["short"]:
            module, name = short_module(match["short"]), match["short_names"]
        elif module:
            name = match["bare"]
        else:
            continue  # a bare name with no module before it is code, not a citation
        module_text(module)
        if name:
            check_name(module, name)
        yield match, module, name


def humane(name: str) -> str:
    """``Class::test_the_thing`` -> ``the thing`` (for a screen reader's ears)."""
    return name.rpartition("::")[2].removeprefix("test_").replace("_", " ")


def link(match, module: str, name: str | None, page_uri: str) -> str:
    """The Markdown link that replaces one citation on the page at ``page_uri``."""
    target = posixpath.relpath(evidence_uri(module), posixpath.dirname(page_uri) or ".")
    file_name = module.rpartition("/")[2]
    if name is None:
        return f'[`{file_name}`]({target} "{module}")'
    url = f"{target}#{name}"
    if match["bare"]:
        return f'[`{name}`]({url} "{file_name}::{name}")'
    return (
        f'[test]({url} "{file_name}::{name}")'
        f'{{: .evidence-link aria-label="test: {humane(name)}" }}'
    )


def rewrite(markdown: str, page_uri: str) -> str:
    """``markdown`` with every citation a link, as the page at ``page_uri`` (under docs/) shows it."""
    out = []
    for chunk, is_code in chunks(markdown):
        if is_code:
            out.append(chunk)
            continue
        for paragraph in PARAGRAPH_BREAK.split(chunk):
            position = 0
            for match, module, name in paragraph_citations(paragraph):
                out.append(paragraph[position : match.start()])
                out.append(link(match, module, name, page_uri))
                position = match.end()
            out.append(paragraph[position:])
    return "".join(out)


def cited_modules(docs_dir: Path) -> set[str]:
    """Every module the pages under ``docs_dir`` cite, and the Markdown files they include."""
    pages = set(docs_dir.rglob("*.md"))
    for page in list(pages):
        for include in INCLUDE_LINE.finditer(page.read_text(encoding="utf-8")):
            pages.add(ROOT / include["path"])
    return {
        module
        for page in pages
        if page.is_file()
        for _, module, _ in citations(page.read_text(encoding="utf-8"))
    }


# --- The evidence pages -----------------------------------------------------------------------


def highlighted(module: str) -> str:
    """The module's source as highlighted HTML, each named span's lines wrapped in its ``id``."""
    source = module_text(module)
    lines = highlight(
        source, PythonLexer(stripnl=False, ensurenl=True), HtmlFormatter(nowrap=True)
    ).split("\n")
    opening: dict[int, list[str]] = {}
    closing: dict[int, int] = {}
    for name, (first, last) in named_spans(module).items():
        opening.setdefault(first, []).append(
            f'<span class="evidence-test" id="{html.escape(name)}">'
        )
        closing[last] = closing.get(last, 0) + 1
    out = []
    for number, line in enumerate(lines[: len(source.splitlines())], start=1):
        out.extend(opening.get(number, []))
        out.append(line + "</span>" * closing.get(number, 0) + "\n")
    return "".join(out)


def evidence_markdown(module: str) -> str:
    file_name = module.rpartition("/")[2]
    return (
        "---\n"
        f'title: "Evidence: {file_name}"\n'
        f'description: "The source of {module}, the test module this guide cites as evidence."\n'
        "search:\n  exclude: true\n"
        "hide:\n  - navigation\n  - toc\n"
        "---\n\n"
        f"# {file_name}\n\n"
        f"The source of {module} in this guide's repository, as this build of the site read "
        "it. A page's test link lands on the test it cites, which is marked.\n\n"
        '<div class="highlight evidence-source no-copy"><pre><code>'
        f"{highlighted(module)}</code></pre></div>\n"
    )


# --- MkDocs hooks -----------------------------------------------------------------------------


class _Rewriter(Preprocessor):
    """Runs just after pymdownx.snippets (32), so that an included table's citations are seen."""

    def run(self, lines: list[str]) -> list[str]:
        page_uri = _current_page.get("uri")
        if page_uri is None or page_uri.startswith(f"{EVIDENCE_DIR}/"):
            return lines
        return rewrite("\n".join(lines), page_uri).split("\n")


class EvidenceLinks(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(_Rewriter(md), "evidence_links", 31.5)


_current_page: dict[str, str | None] = {}


def on_config(config):
    # `mkdocs serve` rebuilds in the same process: read the tests afresh each time.
    for cached in (module_text, named_spans, short_module):
        cached.cache_clear()
    config.markdown_extensions.append(EvidenceLinks())
    return config


def on_files(files, config):
    """One page per cited module, each written to a file, as other hooks read a page's file.

    The folder is this build's own, under .cache/evidence/, so that two builds at once (the
    tests of `make serve` beside a build) do not write over each other; it goes after the build.
    """
    CACHE.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="build-", dir=CACHE))
    _current_page["folder"] = str(folder)
    for module in sorted(cited_modules(Path(config.docs_dir))):
        uri = evidence_uri(module)
        written = folder / uri
        written.parent.mkdir(parents=True, exist_ok=True)
        written.write_text(evidence_markdown(module), encoding="utf-8")
        files.append(
            File.generated(
                config,
                uri,
                abs_src_path=str(written),
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
        )
    return files


def on_page_markdown(markdown, page, config, files):
    """Names the page whose Markdown the preprocessor is about to see."""
    _current_page["uri"] = page.file.src_uri
    if page.file.src_uri.startswith(f"{EVIDENCE_DIR}/"):
        # Generated: no Markdown source of its own to link to (tools/metadata.py sets these).
        page.meta.pop("source_url", None)
        page.meta.pop("source_kind", None)
    return markdown


def on_post_page(output, page, config):
    _current_page["uri"] = None
    return output


def on_post_build(config):
    folder = _current_page.pop("folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def on_build_error(error):
    on_post_build(None)
