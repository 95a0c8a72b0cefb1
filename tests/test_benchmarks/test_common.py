"""benchmarks/common.py: percentiles, sizes, machine details, tables and the chart."""

from xml.etree import ElementTree

import pytest

from benchmarks import common

SVG = "{http://www.w3.org/2000/svg}"


def test_percentile_is_a_real_sample_by_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert common.percentile(values, 0.99) == 99.0
    assert common.percentile(values, 1.0) == 100.0
    assert common.percentile([7.0], 0.5) == 7.0


@pytest.mark.parametrize(
    ("values", "fraction", "message"),
    [
        ([], 0.5, "percentile of no values"),
        ([1.0], 0, r"fraction must be in \(0, 1\], not 0"),
    ],
)
def test_percentile_rejects_bad_input_clearly(values, fraction, message):
    with pytest.raises(ValueError, match=message):
        common.percentile(values, fraction)


def test_machine_details_name_python_django_platform_and_cpus():
    line = common.machine_line()
    details = common.machine()
    assert (
        f"Python {details['python']}" in line and f"Django {details['django']}" in line
    )
    assert f"{details['cpu_count']} CPUs" in line


def test_markdown_table_aligns_numbers_right_unless_told_otherwise():
    assert common.markdown_table(["a", "b"], [["x", "1"]]).splitlines() == [
        "| a | b |",
        "|---|---:|",
        "| x | 1 |",
    ]
    assert (
        common.markdown_table(["a", "b"], [["x", "y"]], numeric=False).splitlines()[1]
        == "|---|---|"
    )


def test_bar_chart_is_an_svg_in_the_page_colour_named_by_its_values_with_bars_in_proportion():
    svg = common.bar_chart_svg(["one", "two <&>"], [1.0, 2.0], title="Title", unit="ms")
    root = ElementTree.fromstring(svg)  # well-formed, labels escaped
    assert root.tag == f"{SVG}svg" and root.get("fill") == "currentColor"
    assert (
        root.get("aria-label")
        == root.find(f"{SVG}title").text
        == "Title: one 1; two <&> 2 (ms)"
    )
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert len(widths) == 2 and widths[1] == pytest.approx(2 * widths[0])
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert {"one", "two <&>", "1", "2", "ms"} <= set(texts)


@pytest.mark.parametrize(
    ("labels", "values", "message"),
    [
        (["a"], [1.0, 2.0], "one value per label, got 1 labels and 2 values"),
        ([], [], "one value per label"),
        (["a"], [-1.0], "must not be negative"),
    ],
)
def test_bar_chart_rejects_bad_input_clearly(labels, values, message):
    with pytest.raises(ValueError, match=message):
        common.bar_chart_svg(labels, values, title="t", unit="u")


def test_a_pages_finding_is_one_paragraph_whose_numbers_carry_their_measured_values():
    shown = common.number(52.96875, "53 ms")
    assert shown == '<data value="52.9688">53 ms</data>'
    assert common.number(0, "0") == '<data value="0">0</data>'
    assert common.finding(f"It took {shown}.") == (
        f'<p class="finding">It took {shown}.</p>'
    )
    line = common.measured_on(common.machine(), "8 tasks <per> case")
    assert line.startswith(
        '<p class="measured-on">Measured while this page was built: '
    )
    assert line.endswith("; 8 tasks &lt;per&gt; case.</p>")
