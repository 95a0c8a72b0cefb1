"""benchmarks/bench.py: page weights on a small built site, the summary, bad input."""

import gzip
import json

import pytest

from benchmarks import bench


@pytest.fixture
def site(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "style.css").write_text("body { color: grey; }\n" * 200)
    (tmp_path / "assets" / "app.js").write_text("console.log('hi');\n" * 200)
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text("{}" * 100_000)
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="assets/style.css"><script src="assets/app.js"></script>'
        '<script src="https://example.com/remote.js"></script>'
    )
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.html").write_text(
        '<link rel="stylesheet" href="../assets/style.css">'
    )
    return tmp_path


def test_a_page_weighs_its_html_plus_the_local_css_and_js_it_loads(site):
    weights = bench.page_weights(site)
    assert set(weights) == {"/", "/guide/"}
    home = weights["/"]
    # No search index, no remote file.
    assert set(home["assets_kb"]) == {"assets/style.css", "assets/app.js"}
    expected = sum(
        len(gzip.compress(p.read_bytes(), 6))
        for p in [site / "index.html", *(site / "assets").iterdir()]
    )
    assert home["total_kb"] == pytest.approx(expected / 1000, abs=0.1)
    assert weights["/guide/"]["total_kb"] < home["total_kb"]


def test_an_unbuilt_site_is_a_clear_error(tmp_path):
    with pytest.raises(
        FileNotFoundError, match="has no index.html; build the site first"
    ):
        bench.page_weights(tmp_path)


def test_the_summary_says_which_budgets_hold(site):
    results = {
        "machine": bench.common.machine(),
        "site": {
            "build": {"seconds": 20.0, "passed": True},
            "heaviest_page": "/",
            "heaviest_page_kb": 12.0,
            "pages_within_budget": True,
        },
    }
    lines = bench.summary(results).splitlines()
    assert lines[1] == "build (warm): 20.0 s, OVER budget (< 15 s)"
    assert lines[2] == "heaviest page: / 12 KB gzip, within budget (<= 250 KB per page)"
    assert lines[3] == "test: not timed (make bench BENCH_SUITE=1 times it)"


def test_a_failed_command_is_reported_as_failed_with_its_output():
    outcome = bench.timed(
        ["python3", "-c", "import sys; sys.exit('broken on purpose')"]
    )
    assert outcome["passed"] is False
    assert "broken on purpose" in outcome["output_tail"]
    assert bench.timing_line("test", outcome, 120.0).startswith("test: FAILED after ")


def test_readme_numbers_are_the_ones_in_the_results_file():
    results = json.loads((bench.ROOT / "benchmarks" / "results.json").read_text())
    assert bench.readme_section(results) in bench.README.read_text()


def test_readme_without_markers_is_a_clear_error(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# no markers here\n")
    results = json.loads((bench.ROOT / "benchmarks" / "results.json").read_text())
    with pytest.raises(ValueError, match="has no .* markers to write between"):
        bench.write_readme(results, readme)
