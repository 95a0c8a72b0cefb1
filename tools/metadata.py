"""MkDocs hook: what a page says about itself, beyond its text.

- **Its source.** Every page's source file (the Markdown, or a notebook's jupytext ``.py``) is
  published beside the site as ``sources/<path>.txt``, byte for byte, and the page links to it
  (``overrides/partials/actions.html``): the guide has no public repository yet, and a copy in the
  site is always the version the reader is looking at. The ``.txt`` suffix makes every static host
  and browser show it as text rather than offer a download.
- **When it last changed.** The date of the last commit that touched the page's file or a file it
  includes (``--8<--``), from ``git log``; shown by ``overrides/partials/source-file.html``. A file
  with uncommitted changes shows its modification date, marked "not yet committed". Outside a git
  checkout (a tarball), or where a shallow clone's history stops before the file's last change,
  no date is shown: none is known.
- **A description.** Markdown pages carry ``description:`` in their front matter; a notebook
  carries it in its jupytext header, under ``jupyter:`` (the notebook's metadata), and this hook
  copies it into the page's metadata, which Material and ``overrides/main.html`` read.
- **The versions page.** ``docs/reference/versions.md`` holds the marker ``VERSIONS_MARKER``; the
  hook replaces it with the versions of Python, Django, the servers the tests use (each asked at
  the address the tests use) and every installed package, as this build finds them. A server that
  does not answer is shown as not measured in this build.
"""

import datetime
import functools
import importlib.metadata
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

from mkdocs.structure.files import File

# MkDocs loads this hook by its path, with the repository not on sys.path, so it cannot
# import tools.ROOT: each hook defines the root itself.
ROOT = Path(__file__).resolve().parents[1]


SOURCES = "sources"
VERSIONS_MARKER = "<!-- versions: written at build time by tools/metadata.py -->"
NOT_MEASURED = "not measured in this build"
NOTEBOOK_SUFFIXES = (".py", ".ipynb")
INCLUDE_LINE = re.compile(r'^\s*-+8<-+\s+"(?P<path>[^"]+)"\s*$', re.MULTILINE)
SERVER_TIMEOUT_SECONDS = 2


# --- Sources ----------------------------------------------------------------------------------


def source_uri(src_uri: str) -> str:
    """Where the site publishes a page's source, relative to the site root."""
    return f"{SOURCES}/{src_uri}.txt"


def on_files(files, config):
    for file in list(files.documentation_pages()):
        if not (Path(config.docs_dir) / file.src_uri).is_file():
            continue
        files.append(
            File.generated(
                config,
                source_uri(file.src_uri),
                abs_src_path=str(Path(config.docs_dir) / file.src_uri),
            )
        )
    return files


# --- Last changed, from git -------------------------------------------------------------------


def git(*arguments: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", *arguments],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


@functools.cache
def in_git_checkout() -> bool:
    """Is ROOT the top of a git work tree (not a tarball, nor a folder inside another repo)?"""
    top = git("rev-parse", "--show-toplevel")
    return top is not None and Path(top).resolve() == ROOT


@functools.cache
def shallow_boundary() -> frozenset[str]:
    """The commits where a shallow clone's history stops: a file's last change may be older."""
    path = git("rev-parse", "--git-path", "shallow")
    shallow = ROOT / path if path else None
    if shallow is None or not shallow.is_file():
        return frozenset()
    return frozenset(shallow.read_text().split())


def included_files(markdown: str) -> list[Path]:
    """The files a page includes with pymdownx.snippets (base_path "."), that exist."""
    paths = []
    for match in INCLUDE_LINE.finditer(markdown):
        path = ROOT / match.group("path").split(":", 1)[0]
        if path.is_file():
            paths.append(path)
    return paths


def last_changed(paths: list[Path]) -> dict | None:
    """When these files last changed, as far as git knows; None when it does not know."""
    if not in_git_checkout():
        return None
    relative = [path.relative_to(ROOT).as_posix() for path in paths]
    if git("status", "--porcelain", "--", *relative):
        changed = max(path.stat().st_mtime for path in paths)
        date = datetime.datetime.fromtimestamp(changed, datetime.UTC).date()
        return {"iso": date.isoformat(), "text": long_date(date), "committed": False}
    found = git("log", "-1", "--format=%H %cs", "--", *relative)
    if not found:
        return None
    commit, _, day = found.partition(" ")
    if commit in shallow_boundary():
        return None
    date = datetime.date.fromisoformat(day)
    return {"iso": date.isoformat(), "text": long_date(date), "committed": True}


def long_date(date: datetime.date) -> str:
    return f"{date.day} {date:%B %Y}"


# --- Descriptions of notebook pages ----------------------------------------------------------


def notebook_description(path: Path) -> str | None:
    import jupytext

    return jupytext.read(path).metadata.get("description")


# --- Versions ---------------------------------------------------------------------------------


def python_version() -> str:
    return platform.python_version()


def python_build() -> str:
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    return f"{platform.python_implementation()}, GIL {'enabled' if gil else 'disabled'}"


def django_version() -> str:
    import django

    return django.get_version()


def postgresql_version() -> str:
    import psycopg

    with psycopg.connect(
        host="127.0.0.1",
        port=5432,
        user=os.environ.get("PGUSER", "postgres"),
        dbname="postgres",
        connect_timeout=SERVER_TIMEOUT_SECONDS,
    ) as connection:
        return connection.info.parameter_status("server_version").split(" ", 1)[0]


def redis_version() -> str:
    import redis

    client = redis.Redis(
        host="127.0.0.1",
        port=6379,
        socket_timeout=SERVER_TIMEOUT_SECONDS,
        socket_connect_timeout=SERVER_TIMEOUT_SECONDS,
    )
    try:
        return client.info("server")["redis_version"]
    finally:
        client.close()


def rabbitmq_version() -> str:
    import amqp

    connection = amqp.Connection(
        host="127.0.0.1:5672",
        userid="guest",
        password="guest",
        connect_timeout=SERVER_TIMEOUT_SECONDS,
    )
    try:
        connection.connect()
        return connection.server_properties["version"]
    finally:
        connection.collect()


# Each server as the tests reach it: the address, and how its version is asked.
SERVERS = {
    "PostgreSQL": (
        "127.0.0.1:5432",
        "its `server_version` setting",
        postgresql_version,
    ),
    "Redis": ("127.0.0.1:6379", "`INFO server`", redis_version),
    "RabbitMQ": (
        "127.0.0.1:5672",
        "the properties it sends on connecting",
        rabbitmq_version,
    ),
}


def server_version(name: str) -> str | None:
    """The version the server reports now, or None when it does not answer."""
    try:
        return SERVERS[name][2]()
    except Exception:  # noqa: BLE001 - any failure means "not measured"
        return None


def installed_packages() -> list[tuple[str, str]]:
    """Every distribution installed in this interpreter's environment, by name."""
    packages = {}
    for distribution in importlib.metadata.distributions():
        name = distribution.metadata["Name"]
        if name:
            packages[re.sub(r"[-_.]+", "-", name).lower()] = (
                name,
                distribution.version,
            )
    return [packages[key] for key in sorted(packages)]


def versions_markdown() -> str:
    built = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    rows = [
        "| Component | Version | Asked how |",
        "|---|---|---|",
        f"| Python | {python_version()} | `platform.python_version()`"
        f" in the build's interpreter ({python_build()}) |",
        f"| Django | {django_version()} | `django.get_version()` |",
    ]
    for name, (address, how, _) in SERVERS.items():
        version = server_version(name)
        shown = version if version is not None else f"*{NOT_MEASURED}*"
        answer = how if version is not None else "no answer"
        rows.append(f"| {name} | {shown} | at {address}: {answer} |")
    rows.append(f"| Operating system | {platform.platform()} | `platform.platform()` |")
    packages = installed_packages()
    lines = [
        f"This build ran on {built.isoformat()} (UTC).",
        "",
        *rows,
        "",
        "## Every installed package",
        "",
        f"The {len(packages)} distributions installed in the environment that built"
        " this site, as `importlib.metadata` lists them:",
        "",
        "| Package | Version |",
        "|---|---|",
        *(f"| {name} | {version} |" for name, version in packages),
    ]
    return "\n".join(lines)


# --- Per page ---------------------------------------------------------------------------------


def on_page_markdown(markdown, page, config, files):
    path = Path(config.docs_dir) / page.file.src_uri
    if not path.is_file():  # a page another hook generates has no source in docs/
        return markdown
    page.meta["source_url"] = source_uri(page.file.src_uri)
    page.meta["source_kind"] = (
        "notebook" if path.suffix in NOTEBOOK_SUFFIXES else "Markdown"
    )
    changed = last_changed([path, *included_files(markdown)])
    if changed is not None:
        page.meta["last_changed"] = changed
    if path.suffix in NOTEBOOK_SUFFIXES and "description" not in page.meta:
        description = notebook_description(path)
        if description:
            page.meta["description"] = description
    if VERSIONS_MARKER in markdown:
        markdown = markdown.replace(VERSIONS_MARKER, versions_markdown())
    return markdown
