"""Run the files in ``snippets/`` the way a reader would."""

import contextlib
import io
import runpy
from pathlib import Path

from tools import ROOT

SNIPPETS_DIR = ROOT / "snippets"


def subprocess_environment() -> dict[str, str]:
    """What a subprocess (a worker, ``manage.py``) needs to import the tests' settings overlays."""
    return {"PYTHONPATH": str(ROOT)}


def snippet_path(relative: str) -> Path:
    """The absolute path of ``snippets/<relative>``, or a clear error."""
    path = (SNIPPETS_DIR / relative).resolve()
    if SNIPPETS_DIR not in path.parents:
        raise ValueError(
            f"{relative!r} is outside snippets/; pass a path relative to {SNIPPETS_DIR}"
        )
    if not path.is_file():
        known = sorted(
            str(p.relative_to(SNIPPETS_DIR)) for p in SNIPPETS_DIR.rglob("*.py")
        )
        raise FileNotFoundError(
            f"no snippet {relative!r} in snippets/; known snippets: {', '.join(known)}"
        )
    return path


def run_snippet(relative: str) -> str:
    """Run ``snippets/<relative>`` as ``__main__`` in this process; return what it printed."""
    path = snippet_path(relative)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        runpy.run_path(str(path), run_name="__main__")
    return out.getvalue()


def expected_output(relative: str) -> str:
    """The output a page shows for a snippet: the ``.out`` file beside it."""
    path = snippet_path(relative).with_suffix(".out")
    if not path.is_file():
        raise FileNotFoundError(
            f"{relative} has no expected output file {path.name} beside it"
        )
    return path.read_text()
