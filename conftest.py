"""Collect every Python code block in ``docs/`` as a test, with Sybil.

Copy this file into your own project to test your docs the same way:

* a ```` ```python ```` block is run as code; if it starts with ``>>>`` it is
  checked as a doctest, output included;
* a ```` ```pycon ```` block is always a doctest (Pygments marks its prompts and
  output, so the copy button can leave them out);
* a block whose only content is ``--8<-- "some/file.py"`` is skipped here: the
  file it includes is run by its own test, and ``tests/test_docs`` proves that.

Blocks on one page share one namespace, top to bottom, like a reader's session.
"""

import doctest
import re

from sybil import Sybil
from sybil.evaluators.doctest import DocTestEvaluator
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.abstract.doctest import DocTestStringParser
from sybil.parsers.markdown.lexers import FencedCodeBlockLexer

INCLUDE_ONLY = re.compile(r'(\s*-{1,2}8<-{1,2}\s+"[^"]+"\s*)+')
DOCTEST_FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


class PythonBlocks:
    """Find ``python`` and ``pycon`` fences, whatever attributes follow the language.

    Sybil's stock parser compares the whole info string, so a block written as
    ```` ```python title="app.py" ```` would silently go untested.
    """

    def __init__(self):
        self.lexer = FencedCodeBlockLexer(
            language=r".+", mapping={"language": "info", "source": "source"}
        )
        self.run_code = PythonEvaluator()
        self.doctests = DocTestStringParser(DocTestEvaluator(DOCTEST_FLAGS))

    def __call__(self, document):
        for region in self.lexer(document):
            language = region.lexemes["info"].split()[0].lstrip("{.").rstrip("}")
            source = region.lexemes["source"]
            if language not in ("python", "py", "pycon") or INCLUDE_ONLY.fullmatch(
                source
            ):
                continue
            if language == "pycon" or source.lstrip().startswith(">>>"):
                for doctest_region in self.doctests(source, document.path):
                    doctest_region.adjust(region, source)
                    yield doctest_region
            else:
                region.parsed = source
                region.evaluator = self.run_code
                yield region


pytest_collect_file = Sybil(
    parsers=[PythonBlocks()], patterns=["*.md"], path="docs"
).pytest()
