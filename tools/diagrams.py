"""Mermaid diagrams drawn ahead of time, so no page ships Mermaid's script.

Authors write ```mermaid fences as usual. ``make diagrams`` (``python -m tools.diagrams``) renders
every distinct Mermaid source on the site in Chromium with the vendored ``tools/vendor/mermaid``,
once in a light and once in a dark theme, into ``docs/assets/diagrams/<hash>.{light,dark}.svg``
(committed). At build time this module is a MkDocs hook: it registers a superfences formatter
that puts both SVGs inline (the stylesheet shows the one matching the colour scheme) and the
source, as text, in a collapsed ``<details>``. A source with no stored SVG fails the build.

A drawing is scaled down to the width of the text column, which would shrink the labels of a
wide one (a decision tree) below legibility: a drawing wider than the column at
``LEGIBLE_SCALE`` of its drawn size keeps that size at least, in a box that scrolls sideways,
which the keyboard can focus and scroll too.
"""

import hashlib
import html
import re
import sys
from pathlib import Path

from pymdownx.superfences import SuperFencesException

# MkDocs loads this hook by its path, with the repository not on sys.path, so it cannot
# import tools.ROOT: each hook defines the root itself.
ROOT = Path(__file__).resolve().parents[1]


DOCS = ROOT / "docs"
STORE = DOCS / "assets" / "diagrams"
MERMAID_JS = ROOT / "tools" / "vendor" / "mermaid" / "mermaid.min.js"
# Mermaid's settings per site colour scheme: Material's `default` is light, `slate` is dark. In the
# dark theme the edge labels' grey background leaves their text under 4.5:1 (axe-core); #333 fixes it.
THEMES = {
    "light": {"theme": "default"},
    "dark": {"theme": "dark", "themeVariables": {"edgeLabelBackground": "#333333"}},
}
MERMAID_FENCE = re.compile(
    r"^```mermaid[^\n]*\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL
)
INCLUDE_LINE = re.compile(r'^\s*--8<--\s+"(?P<path>[^"]+)"\s*$')
SVG_OPENING_TAG = re.compile(r"<svg\b[^>]*>")
# Mermaid writes its text at 16 px; three quarters of that is the 12 px the site keeps as its
# smallest text (the code in tables and notes).
LEGIBLE_SCALE = 0.75
# The text column at its narrowest beside the navigation and the table of contents (1220 px
# screens, Material's breakpoint), rounded down: a drawing narrower than this at its legible
# scale fits every desktop column as it is.
TEXT_COLUMN = 600
DRAWN_WIDTH = re.compile(r"max-width:\s*([0-9.]+)px")
ACCESSIBLE_TITLE = re.compile(r"^\s*accTitle:\s*(.+?)\s*$", re.MULTILINE)


class DiagramNotRendered(SuperFencesException):
    """A Mermaid source has no stored SVG. A SuperFencesException, so superfences lets it end the build."""


def normalized(source: str) -> str:
    """The source as hashed: no blank lines around it, no trailing spaces."""
    return "\n".join(line.rstrip() for line in source.strip("\n").splitlines())


def diagram_hash(source: str) -> str:
    return hashlib.sha256(normalized(source).encode()).hexdigest()[:16]


def svg_paths(source: str) -> dict[str, Path]:
    digest = diagram_hash(source)
    return {variant: STORE / f"{digest}.{variant}.svg" for variant in THEMES}


def first_line(source: str) -> str:
    return normalized(source).partition("\n")[0]


# --- Build time -------------------------------------------------------------------------------


def fence_mermaid(source, language, class_name, options, md, **kwargs) -> str:
    """Superfences formatter: the stored light and dark SVGs, and the source for readers and search."""
    paths = svg_paths(source)
    missing = [path for path in paths.values() if not path.is_file()]
    if missing:
        raise DiagramNotRendered(
            f"diagram {diagram_hash(source)} (first line: {first_line(source)!r}) is not rendered: "
            "run `make diagrams`"
        )
    svgs = {
        variant: path.read_text(encoding="utf-8") for variant, path in paths.items()
    }
    drawings = "".join(
        f'<div class="diagram__{variant}">{svg}</div>' for variant, svg in svgs.items()
    )
    # The drawings repeat the source's words, which the <details> already gives to search.
    drawing = f'<div class="diagram__drawing" data-search-exclude>{drawings}</div>'
    legible_width = max(drawn_width(svg) for svg in svgs.values()) * LEGIBLE_SCALE
    if legible_width > TEXT_COLUMN:
        title = ACCESSIBLE_TITLE.search(source)
        name = html.escape(title[1] if title else "Diagram", quote=True)
        drawing = (
            '<div class="diagram__drawing diagram__drawing--wide" data-search-exclude'
            f' tabindex="0" role="region" aria-label="{name} (scrolls sideways)"'
            f' style="--diagram-min-width: {legible_width:.0f}px">{drawings}</div>'
        )
    return (
        f'<div class="diagram">{drawing}'
        '<details class="diagram__source"><summary>Diagram source (Mermaid)</summary>'
        f"<pre><code>{html.escape(normalized(source))}</code></pre></details></div>"
    )


def drawn_width(svg: str) -> float:
    """The width Mermaid drew the SVG at, which it writes as the SVG's max-width."""
    opening = SVG_OPENING_TAG.search(svg)
    found = DRAWN_WIDTH.search(opening[0]) if opening else None
    return float(found[1]) if found else 0.0


def on_config(config):
    """MkDocs hook: draw ```mermaid fences with ``fence_mermaid``.

    A hook rather than ``!!python/name:`` in mkdocs.yml, because MkDocs loads a hook by its path:
    `mkdocs build`, `python -m mkdocs build` and `make serve` all find it, whatever sys.path holds.
    """
    superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
    fences = [
        fence
        for fence in superfences.get("custom_fences", [])
        if fence.get("name") != "mermaid"
    ]
    superfences["custom_fences"] = [
        *fences,
        {"name": "mermaid", "class": "diagram", "format": fence_mermaid},
    ]
    return config


# --- Sources on the site ----------------------------------------------------------------------


def expand_includes(body: str, page: Path) -> str:
    """The fence body with each whole-file ``--8<-- "path"`` line replaced by that file, as pymdownx.snippets does."""
    lines = []
    for line in body.splitlines():
        include = INCLUDE_LINE.match(line)
        if include is None:
            lines.append(line)
            continue
        included = ROOT / include["path"]
        if not included.is_file():
            raise FileNotFoundError(
                f"{page.relative_to(ROOT)}: a mermaid fence includes {include['path']}, which does not exist"
            )
        lines.extend(included.read_text(encoding="utf-8").splitlines())
    return "\n".join(lines)


def site_sources(docs: Path = DOCS) -> dict[str, str]:
    """Every distinct Mermaid source in the site's Markdown pages, by hash."""
    sources = {}
    for page in sorted(docs.rglob("*.md")):
        for fence in MERMAID_FENCE.finditer(page.read_text(encoding="utf-8")):
            source = normalized(expand_includes(fence["body"], page))
            sources[diagram_hash(source)] = source
    return sources


def stored_svgs() -> list[Path]:
    return sorted(STORE.glob("*.svg"))


# --- Render time (make diagrams) --------------------------------------------------------------

RENDER = """async ([id, source, settings]) => {
    mermaid.initialize({startOnLoad: false, securityLevel: "strict", ...settings});
    const {svg} = await mermaid.render(id, source);
    return svg;
}"""


def as_image(svg: str, source: str) -> str:
    """The SVG announced as one image, named by the source's ``accTitle:``."""
    opening = SVG_OPENING_TAG.search(svg)
    if opening is None or "aria-labelledby=" not in opening[0]:
        raise ValueError(
            f"diagram {diagram_hash(source)} (first line: {first_line(source)!r}) has no accessible name: "
            "add an `accTitle:` line (and an `accDescr:` line) to its Mermaid source"
        )
    tag = re.sub(r'\srole="[^"]*"', "", opening[0])
    return (
        svg[: opening.start()]
        + tag.replace("<svg", '<svg role="img"', 1)
        + svg[opening.end() :]
    )


def render(sources: list[str]) -> dict[str, dict[str, str]]:
    """Each source drawn by the vendored Mermaid in a Chromium started for it: see ``render_in``."""
    from playwright.sync_api import sync_playwright

    from tools.chromium import CHROMIUM_FLAGS, chromium_environment, chromium_path

    executable = chromium_path()
    if executable is None:
        raise RuntimeError(
            "no Chromium found (install Debian's `chromium`, or set CHROMIUM=/path/to/chrome)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(executable),
            args=CHROMIUM_FLAGS,
            env=chromium_environment(),
        )
        try:
            return render_in(browser, sources)
        finally:
            browser.close()


def render_in(browser, sources: list[str]) -> dict[str, dict[str, str]]:
    """Each source drawn by the vendored Mermaid in ``browser``: {hash: {"light": svg, "dark": svg}}."""
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><html><head></head><body></body></html>")
        page.add_script_tag(path=str(MERMAID_JS))
        return {
            diagram_hash(source): {
                # Each drawing's own id prefixes every id inside it, so two inline SVGs never clash.
                variant: as_image(
                    page.evaluate(
                        RENDER,
                        [f"diagram-{diagram_hash(source)}-{variant}", source, settings],
                    ),
                    source,
                )
                for variant, settings in THEMES.items()
            }
            for source in sources
        }
    finally:
        page.close()


def write_all(store: Path = STORE) -> list[str]:
    """Render every source on the site into ``store`` and delete SVGs no source uses; the lines to print."""
    sources = site_sources()
    store.mkdir(parents=True, exist_ok=True)
    report = []
    for digest, variants in render(list(sources.values())).items():
        for variant, svg in variants.items():
            (store / f"{digest}.{variant}.svg").write_text(svg + "\n", encoding="utf-8")
        report.append(f"drew {digest} ({first_line(sources[digest])})")
    for stale in sorted(store.glob("*.svg")):
        if stale.name.split(".")[0] not in sources:
            stale.unlink()
            report.append(f"removed {stale.name}: no diagram on the site uses it")
    return report


if __name__ == "__main__":
    if sys.argv[1:]:
        sys.exit(
            f"usage: python -m tools.diagrams  (renders every Mermaid diagram into {STORE.relative_to(ROOT)})"
        )
    print("\n".join(write_all()))
