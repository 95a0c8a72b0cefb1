"""benchmarks/lighthouse_scores.py: the static host it serves the site from, the page list, bad set-ups.

Lighthouse itself runs in ``make bench`` only: one run takes about ten seconds a page.
"""

import gzip
import http.client

import pytest

from benchmarks import bench, lighthouse_scores


@pytest.fixture
def site(tmp_path):
    (tmp_path / "index.html").write_text("<p>home</p>" * 500)
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.html").write_text("<p>guide</p>")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + b"\0" * 500)
    return tmp_path


def fetch(base_url: str, path: str, accept_gzip: bool = True):
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    headers = {"Accept-Encoding": "gzip, deflate"} if accept_gzip else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_text_is_served_gzipped_to_a_browser_that_accepts_it(site):
    with lighthouse_scores.static_host(site) as base_url:
        response, body = fetch(base_url, "/")
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == (site / "index.html").read_bytes()
    assert len(body) < (site / "index.html").stat().st_size / 10


def test_without_accept_encoding_and_for_images_the_bytes_are_sent_as_they_are(site):
    with lighthouse_scores.static_host(site) as base_url:
        plain, plain_body = fetch(base_url, "/guide/", accept_gzip=False)
        image, image_body = fetch(base_url, "/logo.png")
    assert plain.getheader("Content-Encoding") is None
    assert plain_body == b"<p>guide</p>"
    assert image.getheader("Content-Encoding") is None
    assert image_body == (site / "logo.png").read_bytes()


def test_a_folder_without_its_slash_redirects_and_a_missing_page_is_404(site):
    with lighthouse_scores.static_host(site) as base_url:
        folder, _ = fetch(base_url, "/guide")
        missing, _ = fetch(base_url, "/nowhere/")
    assert folder.status == 301
    assert folder.getheader("Location") == "/guide/"
    assert missing.status == 404


def test_every_page_is_listed_as_the_address_a_browser_asks_for(site):
    assert lighthouse_scores.site_pages(site) == ["/", "/guide/"]


def test_a_missing_lighthouse_install_is_a_clear_error(site, monkeypatch, tmp_path):
    monkeypatch.setattr(lighthouse_scores, "LIGHTHOUSE", tmp_path / "no-lighthouse")
    with pytest.raises(FileNotFoundError, match="make bench` installs it"):
        lighthouse_scores.measure(site)


def test_the_summary_names_the_lowest_score_of_each_category():
    lighthouse = {
        "within_budget": False,
        "pages": {"/": {}, "/guide/": {}},
        "lowest": {
            "performance": {"score": 0.9, "page": "/guide/"},
            "accessibility": {"score": 1, "page": "/"},
        },
    }
    assert bench.lighthouse_line(lighthouse) == (
        "Lighthouse, lowest per category over 2 pages: performance 0.90 on /guide/, "
        "accessibility 1.00 on /; OVER budget (>= 0.95)"
    )


def test_the_median_of_three_runs_is_taken_per_category():
    runs = [
        {"performance": 0.9, "accessibility": 1, "best-practices": 1, "seo": 1},
        {"performance": 0.99, "accessibility": 0.98, "best-practices": 1, "seo": 1},
        {"performance": 0.96, "accessibility": 1, "best-practices": 1, "seo": None},
    ]
    assert lighthouse_scores.median_scores(runs) == {
        "performance": 0.96,
        "accessibility": 1,
        "best-practices": 1,
        "seo": 1,
    }
