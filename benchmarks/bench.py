"""``make bench``: every measurement at full size, plus the guide's own build, test and page budgets.

Writes ``benchmarks/results.json``: machine details, a UTC timestamp, each topic's ``measure("full")``
result, the time of a warm ``make build`` (the second of two; the first warms caches), the time of
a warm ``make test`` when run with ``--suite`` (``make bench BENCH_SUITE=1``), and each page's
transferred size: gzip of its HTML plus the stylesheets and scripts its HTML loads (the search
index, the site's whole text, is left out; the browser sweep in ``tests/test_site`` also counts
what a page fetches after loading), and Lighthouse's four scores on every page
(``benchmarks/lighthouse_scores.py``). Budgets: build under 15 s, test under 2 minutes, no page
over 250 KB, every Lighthouse category at least 0.95 on every page.
"""

import argparse
import datetime
import gzip
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import (
    common,
    gil_cpu_vs_io,
    lighthouse_scores,
    response_time,
    shutdown_loss,
    thread_start_vs_pool,
)
from tools import ROOT

TOPICS = (response_time, thread_start_vs_pool, gil_cpu_vs_io, shutdown_loss)
BUDGETS = {
    "build_s": 15.0,
    "test_s": 120.0,
    "page_kb": 250.0,
    "lighthouse_score": lighthouse_scores.BUDGET,
}
LOADED_ASSET = re.compile(
    r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="(?P<css>[^"]+)"|<script\b[^>]*\bsrc="(?P<js>[^"]+)"',
    re.I,
)


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weights(site: Path) -> dict[str, dict]:
    """For each page of a built site: gzip KB of its HTML and of the local CSS/JS it loads."""
    if not (site / "index.html").is_file():
        raise FileNotFoundError(
            f"{site} has no index.html; build the site first (make build)"
        )
    weights = {}
    for html_path in sorted(site.rglob("index.html")):
        html = html_path.read_bytes()
        assets = {}
        for match in LOADED_ASSET.finditer(html.decode()):
            reference = (match["css"] or match["js"]).split("?")[0]
            if reference.startswith(("http:", "https:", "//", "data:")):
                continue
            asset = (html_path.parent / reference).resolve()
            assets[str(asset.relative_to(site.resolve()))] = (
                gzip_size(asset.read_bytes()) / 1000
            )
        relative = html_path.parent.relative_to(site).as_posix()
        page = "/" if relative == "." else f"/{relative}/"
        html_kb = gzip_size(html) / 1000
        weights[page] = {
            "html_kb": html_kb,
            "assets_kb": assets,
            "total_kb": html_kb + sum(assets.values()),
        }
    return weights


def timed(command: list[str]) -> dict:
    """Run ``command`` in the repo; its time, whether it passed, and the end of its output if not."""
    began = time.perf_counter()
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    outcome = {
        "seconds": time.perf_counter() - began,
        "passed": finished.returncode == 0,
    }
    if not outcome["passed"]:
        outcome["output_tail"] = (finished.stdout + finished.stderr)[-3000:]
    return outcome


def site_budgets(suite: bool) -> dict:
    timed(["make", "build"])  # warms the OS file cache and any first-run setup
    build = timed(["make", "build"])
    result = {
        "build": build,
        "build_within_budget": build["passed"]
        and build["seconds"] < BUDGETS["build_s"],
    }
    if build["passed"]:
        weights = page_weights(ROOT / "site")
        heaviest = max(weights, key=lambda page: weights[page]["total_kb"])
        result |= {
            "heaviest_page": heaviest,
            "heaviest_page_kb": weights[heaviest]["total_kb"],
            "pages_within_budget": all(
                w["total_kb"] <= BUDGETS["page_kb"] for w in weights.values()
            ),
            "page_weights": weights,
            "lighthouse": lighthouse_scores.measure(ROOT / "site"),
        }
    if suite:
        result["test"] = timed(["make", "test"])
        result["test_within_budget"] = (
            result["test"]["passed"] and result["test"]["seconds"] < BUDGETS["test_s"]
        )
    return result


def run(suite: bool, output: Path) -> dict:
    results = {
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": common.machine(),
        "budgets": BUDGETS,
        "measurements": {
            topic.__name__.rsplit(".", 1)[1]: topic.measure("full") for topic in TOPICS
        },
        "site": site_budgets(suite),
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n")
    return results


def summary(results: dict) -> str:
    site = results["site"]
    verdict = {True: "within budget", False: "OVER budget"}
    lines = [
        common.machine_line(results["machine"]),
        timing_line("build", site["build"], BUDGETS["build_s"]),
    ]
    if "heaviest_page" in site:
        lines.append(
            f"heaviest page: {site['heaviest_page']} {site['heaviest_page_kb']:.0f} KB gzip, "
            f"{verdict[site['pages_within_budget']]} (<= {BUDGETS['page_kb']:.0f} KB per page)"
        )
    if "lighthouse" in site:
        lines.append(lighthouse_line(site["lighthouse"]))
    if "test" in site:
        lines.append(timing_line("test", site["test"], BUDGETS["test_s"]))
    else:
        lines.append("test: not timed (make bench BENCH_SUITE=1 times it)")
    return "\n".join(lines)


README = ROOT / "README.md"
README_START = "<!-- bench:start (written by make bench from benchmarks/results.json; do not edit) -->"
README_END = "<!-- bench:end -->"


def readme_section(results: dict) -> str:
    """The README's numbers, all read from one results file, so none is typed by hand."""
    measured = results["measurements"]
    variants = measured["response_time"]["variants"]
    inline_ms = variants["inline"]["median_ms"]
    starts = measured["thread_start_vs_pool"]
    gil = measured["gil_cpu_vs_io"]
    graceful = measured["shutdown_loss"]["endings"]["graceful exit"]
    site = results["site"]
    lines = [
        f"From one `make bench` run, {results['timestamp']}, on {common.machine_line(results['machine'])}:",
        "",
        "| Measurement | Result |",
        "|---|---|",
    ]
    for name, numbers in variants.items():
        lines.append(
            f"| median response, slow call {name} | {numbers['median_ms']:.1f} ms "
            f"({numbers['median_ms'] / inline_ms:.2f} of inline), p99 {numbers['p99_ms']:.1f} ms, "
            f"at most {numbers['peak_db_connections']} database connections open |"
        )
    lines += [
        f"| start and join a thread vs submit to a pool | {starts['thread_start_join_us']:.0f} µs vs "
        f"{starts['pool_submit_result_us']:.0f} µs per task ({starts['thread_over_pool']:.1f}×) |",
        f"| CPU-bound work on 2 threads vs serial | {gil['cpu']['threads_over_serial']:.2f} of the serial time |",
        f"| CPU-bound work on 2 processes vs serial | {gil['cpu']['processes_over_serial']:.2f} of the serial time |",
        f"| waiting work on threads vs serial | {gil['io']['threads_over_serial']:.2f} of the serial time |",
    ]
    for way, counts in graceful.items():
        lines.append(
            f"| tasks lost on a graceful SIGTERM: {way} | {counts['lost']} of {measured['shutdown_loss']['setup']['tasks']} |"
        )
    lines.append(timing_row("warm `make build`", site["build"], BUDGETS["build_s"]))
    if "test" in site:
        lines.append(timing_row("warm `make test`", site["test"], BUDGETS["test_s"]))
    if "heaviest_page" in site:
        within = "within" if site["pages_within_budget"] else "OVER"
        lines.append(
            f"| heaviest page (gzip, without the search index) | {site['heaviest_page']} "
            f"{site['heaviest_page_kb']:.0f} KB, {within} the {BUDGETS['page_kb']:.0f} KB budget |"
        )
    if "lighthouse" in site:
        lighthouse = site["lighthouse"]
        within = "within" if lighthouse["within_budget"] else "OVER"
        lowest = ", ".join(
            f"{category} {entry['score']:.2f} ({entry['page']})"
            for category, entry in lighthouse["lowest"].items()
        )
        lines.append(
            f"| lowest Lighthouse score per category over {len(lighthouse['pages'])} pages "
            f"(mobile) | {lowest}; {within} the {BUDGETS['lighthouse_score']:.2f} budget |"
        )
    return "\n".join([README_START, *lines, README_END])


def lighthouse_line(lighthouse: dict) -> str:
    verdict = "within budget" if lighthouse["within_budget"] else "OVER budget"
    lowest = ", ".join(
        f"{category} {entry['score']:.2f} on {entry['page']}"
        for category, entry in lighthouse["lowest"].items()
    )
    return (
        f"Lighthouse, lowest per category over {len(lighthouse['pages'])} pages: {lowest}; "
        f"{verdict} (>= {BUDGETS['lighthouse_score']:.2f})"
    )


def timing_row(name: str, outcome: dict, budget_s: float) -> str:
    if not outcome["passed"]:
        return f"| {name} | failed after {outcome['seconds']:.1f} s |"
    within = "within" if outcome["seconds"] < budget_s else "OVER"
    return (
        f"| {name} | {outcome['seconds']:.1f} s, {within} the {budget_s:.0f} s budget |"
    )


def write_readme(results: dict, readme: Path = README) -> None:
    text = readme.read_text()
    if README_START not in text or README_END not in text:
        raise ValueError(
            f"{readme} has no {README_START!r} ... {README_END!r} markers to write between"
        )
    before, rest = text.split(README_START, 1)
    after = rest.split(README_END, 1)[1]
    readme.write_text(before + readme_section(results) + after)


def timing_line(name: str, outcome: dict, budget_s: float) -> str:
    if not outcome["passed"]:
        return f"{name}: FAILED after {outcome['seconds']:.1f} s (its output's end is in the results file)"
    verdict = "within budget" if outcome["seconds"] < budget_s else "OVER budget"
    return f"{name} (warm): {outcome['seconds']:.1f} s, {verdict} (< {budget_s:.0f} s)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--suite", action="store_true", help="also time a warm `make test` (slow)"
    )
    parser.add_argument(
        "--output", type=Path, default=ROOT / "benchmarks" / "results.json"
    )
    parser.add_argument(
        "--readme-only",
        action="store_true",
        help="only rewrite README.md's numbers from --output",
    )
    arguments = parser.parse_args(argv)
    if arguments.readme_only:
        results = json.loads(arguments.output.read_text())
    else:
        results = run(arguments.suite, arguments.output)
        print(summary(results))
        print(f"written: {arguments.output}")
    write_readme(results)
    print(f"written: {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
