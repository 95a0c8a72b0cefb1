"""The how-to projects that extend a rung's project: which files they add or change."""

from tests.helpers.snippets import SNIPPETS_DIR


def differing_files(base: str, variant: str) -> list[str]:
    """The Python files of ``snippets/<variant>/`` that ``snippets/<base>/`` lacks or has
    otherwise: what the how-to adds to the project it starts from. Empty files (the
    ``__init__.py`` that make a folder a package) hold no code and are left out."""
    base_dir, variant_dir = SNIPPETS_DIR / base, SNIPPETS_DIR / variant
    differing = []
    for path in variant_dir.rglob("*.py"):
        if not path.read_bytes().strip():
            continue
        relative = path.relative_to(variant_dir)
        same = base_dir / relative
        if not same.is_file() or same.read_bytes() != path.read_bytes():
            differing.append(str(relative))
    return sorted(differing)
