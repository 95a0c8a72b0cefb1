"""Every page of the built site is valid HTML: the Nu HTML checker reports no error on any.

The checker is the ``vnu-jar`` npm package (``package.json``, ``package-lock.json``), installed
by ``npm ci --ignore-scripts`` into ``node_modules/`` (``make test`` does), and run with the
machine's Java, as its documentation says: ``java -jar vnu.jar``. It reads each page as a
browser does and checks the markup, the inline CSS and the inline SVG. What the theme and the
plugins write invalidly is fixed by ``overrides/partials/nav-item.html`` and by the
``tools/valid_html.py`` hook.
"""

import json
import re
import shutil
import subprocess
from collections import Counter

import pytest

from tests.helpers import services
from tests.helpers.snippets import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The checker's jar runs on Java 17 or newer (its --help: "On any system with Java17+").
JAVA_NEEDED = 17


def java_major_version(java: str) -> int:
    shown = subprocess.run(
        [java, "-version"], capture_output=True, text=True, timeout=30
    ).stderr
    found = re.search(r'version "(\d+)(?:\.(\d+))?', shown)
    assert found, f"cannot read the version of {java}: {shown}"
    major = int(found[1])
    # Java 8 and older call themselves 1.8 and so on.
    return int(found[2]) if major == 1 else major


def checked_file(message: dict) -> str:
    """The path of the file a message is about; the checker names it file:/path."""
    return re.sub(r"^file:/*", "/", message.get("url", "?"))


@pytest.fixture(scope="module")
def checker() -> list[str]:
    """The command that runs the checker, or a skip (a failure in CI) saying what is missing."""
    java = shutil.which("java")
    if java is None:
        services.missing(
            "no `java` on PATH: the Nu HTML checker needs Java 17 or newer"
            " (Debian: apt-get install openjdk-17-jre-headless)"
        )
    if java_major_version(java) < JAVA_NEEDED:
        services.missing(
            f"{java} is older than Java {JAVA_NEEDED}, which vnu.jar needs"
        )
    if not VNU_JAR.is_file():
        services.missing(
            f"{VNU_JAR.relative_to(ROOT)} is missing: run `npm ci --ignore-scripts`"
            " in the project's folder (make test does)"
        )
    return [java, "-jar", str(VNU_JAR)]


# A page with one known error, checked with the site's pages: the checker must find it, so a
# checker that read nothing cannot pass for one that found nothing.
CANARY = (
    '<!DOCTYPE html><html lang="en"><head><title>canary</title></head>'
    "<body><p>one stray end tag</span></p></body></html>"
)


@pytest.mark.timeout(600)
def test_the_checker_reports_no_error_on_any_page(checker, built_site, tmp_path):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 20, f"only {len(pages)} HTML files in {built_site}"
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY)
    result = subprocess.run(
        [
            *checker,
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            str(canary),
            *map(str, pages),
        ],
        capture_output=True,
        text=True,
        timeout=540,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except ValueError:
        pytest.fail(
            f"the checker wrote no JSON (exit {result.returncode}):\n"
            f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        )
    errors = [
        message
        for message in messages
        if message["type"] in ("error", "non-document-error")
    ]
    caught = [error for error in errors if checked_file(error) == str(canary)]
    assert caught and "span" in caught[0]["message"], (
        f"the checker missed the canary's stray </span>: {messages[:3]}"
    )
    errors = [error for error in errors if error not in caught]
    site = str(built_site) + "/"
    by_page = Counter(checked_file(error).removeprefix(site) for error in errors)
    listed = "\n".join(
        f"{checked_file(message).removeprefix(site)}"
        f":{message.get('lastLine', '?')}: {message['message']}"
        f"  [{message.get('extract', '').strip()[:120]!r}]"
        for message in errors[:60]
    )
    assert not errors, (
        f"the Nu HTML checker reports {len(errors)} error(s) on {len(by_page)} page(s)"
        f" ({dict(by_page.most_common())}); the first ones:\n{listed}"
    )
