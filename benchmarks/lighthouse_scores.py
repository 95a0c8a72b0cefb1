"""Lighthouse's four scores for every page of the built site, served as a static host serves it.

``make bench`` calls :func:`measure`. The site is served from ``site/`` by :class:`StaticHostHandler`,
which gzips text the way GitHub Pages and Netlify do, so the transfer sizes Lighthouse sees are the
ones a reader downloads. Lighthouse (npm, pinned in ``benchmarks/lighthouse/package-lock.json``) runs
once per page with its default mobile settings in Debian's Chromium (three times, recording the
median, for a page whose first run misses the budget). Budget: every category at least 0.95 on
every page.
"""

import contextlib
import gzip
import http.server
import json
import statistics
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from tools import ROOT
from tools.chromium import CHROMIUM_FLAGS, chromium_environment, chromium_path

LIGHTHOUSE = ROOT / "benchmarks" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGET = 0.95
COMPRESSED_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "image/svg+xml",
)


class StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files as a static host does: text gzipped when the browser accepts it."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the address with a slash
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if (
            not accepts_gzip
            or not path.is_file()
            or not content_type.startswith(COMPRESSED_TYPES)
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _BytesFile(body)

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass  # one line per request would bury the bench's own output


class _BytesFile:
    """What ``send_head`` hands back: something ``copyfile`` can read and the handler can close."""

    def __init__(self, data: bytes):
        self._data = data

    def read(self, size: int = -1) -> bytes:
        data, self._data = self._data, b""
        return data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def static_host(site: Path) -> Iterator[str]:
    """Serve ``site`` on a free loopback port for the ``with`` block; yields its base URL."""

    def handler(*args, **kwargs):
        return StaticHostHandler(*args, directory=str(site), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def site_pages(site: Path) -> list[str]:
    """Every page of a built site, as the path a reader's browser asks for."""
    pages = []
    for html_path in sorted(site.rglob("index.html")):
        relative = html_path.parent.relative_to(site).as_posix()
        pages.append("/" if relative == "." else f"/{relative}/")
    return sorted(pages)


def audit(url: str, scratch_root: Path) -> dict:
    """Lighthouse's scores for ``url``: one run, or the median of three when one falls short.

    Lighthouse's performance score varies from run to run on the same page; its documentation
    advises the median of several runs
    (https://github.com/GoogleChrome/lighthouse/blob/main/docs/variability.md). A page whose
    first run meets the budget in every category keeps that run; otherwise two more runs are
    made and each category's median is recorded, with every run's scores beside it.
    """
    first = audit_with_retry(url, scratch_root)
    if "scores" not in first or all(
        (score or 0) >= BUDGET for score in first["scores"].values()
    ):
        return first
    runs = [first] + [audit_with_retry(url, scratch_root) for _ in range(2)]
    scored = [run for run in runs if "scores" in run]
    median = median_scores([run["scores"] for run in scored])
    middle = min(
        scored,
        key=lambda run: abs(run["scores"]["performance"] - median["performance"]),
    )
    return {
        **middle,
        "scores": median,
        "runs": [run["scores"] for run in scored],
    }


def median_scores(runs: list[dict]) -> dict:
    """Each category's median over ``runs`` (dicts of category -> score)."""
    return {
        name: statistics.median((run[name] or 0) for run in runs) for name in CATEGORIES
    }


def audit_with_retry(url: str, scratch_root: Path, attempts: int = 2) -> dict:
    """One Lighthouse run; a run that fails (Lighthouse now and then cannot connect to the
    Chromium it started) is tried once more, each time in a fresh browser profile."""
    for _ in range(attempts):
        outcome = audit_once(url, scratch_root)
        if "scores" in outcome:
            break
    return outcome


def audit_once(url: str, scratch_root: Path) -> dict:
    with tempfile.TemporaryDirectory(dir=scratch_root) as scratch:
        report_path = Path(scratch) / "report.json"
        profile = Path(scratch) / "profile"
        finished = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report_path}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--chrome-flags="
                + " ".join(
                    ["--headless=new", *CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
                ),
            ],
            env={**chromium_environment(), "CHROME_PATH": str(chromium_path())},
            capture_output=True,
            text=True,
            timeout=180,
        )
        if finished.returncode != 0 or not report_path.is_file():
            return {"error": (finished.stdout + finished.stderr)[-2000:]}
        report = json.loads(report_path.read_text())
    scores = {name: report["categories"][name]["score"] for name in CATEGORIES}
    short = []
    for name in CATEGORIES:
        for reference in report["categories"][name]["auditRefs"]:
            result = report["audits"][reference["id"]]
            if reference.get("weight") and (result.get("score") or 0) < 1:
                short.append(
                    f"{name}: {reference['id']} {result.get('score')} "
                    f"{result.get('displayValue', '')}".rstrip()
                )
    return {
        "scores": scores,
        "short_of_full_marks": short,
        "lighthouse_version": report["lighthouseVersion"],
    }


def measure(site: Path, pages: list[str] | None = None) -> dict:
    """Lighthouse on every page of ``site`` (or on ``pages``); the lowest score per category."""
    if not LIGHTHOUSE.exists():
        raise FileNotFoundError(
            f"{LIGHTHOUSE} is missing; `make bench` installs it (npm ci --prefix benchmarks/lighthouse)"
        )
    if chromium_path() is None:
        raise FileNotFoundError(
            "no Chromium on PATH (or in $CHROMIUM); on Debian: apt-get install chromium"
        )
    scratch_root = ROOT / ".cache" / "lighthouse"
    scratch_root.mkdir(parents=True, exist_ok=True)
    results = {}
    with static_host(site) as base_url:
        for page in pages or site_pages(site):
            results[page] = audit(base_url + page, scratch_root)
            print(
                f"lighthouse {page}: {results[page].get('scores', 'FAILED')}",
                flush=True,
            )
    scored = {page: r for page, r in results.items() if "scores" in r}
    lowest = {}
    for name in CATEGORIES:
        page = min(scored, key=lambda p: scored[p]["scores"][name] or 0)
        lowest[name] = {"score": scored[page]["scores"][name], "page": page}
    return {
        "lighthouse_version": next(iter(scored.values()))["lighthouse_version"],
        "settings": "Lighthouse defaults: mobile, simulated slow 4G and 4x CPU slowdown",
        "budget": BUDGET,
        "lowest": lowest,
        "within_budget": len(scored) == len(results)
        and all((entry["score"] or 0) >= BUDGET for entry in lowest.values()),
        "pages": results,
    }


if __name__ == "__main__":
    import sys

    print(json.dumps(measure(ROOT / "site", sys.argv[1:] or None)["lowest"], indent=2))
