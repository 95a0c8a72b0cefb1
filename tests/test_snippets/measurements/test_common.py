"""snippets/measurements/common.py: percentiles, sizes, machine details, tables and the chart."""

import pytest

from snippets.measurements import common


def test_percentile_is_a_real_sample_by_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert common.percentile(values, 0.99) == 99.0
    assert common.percentile(values, 1.0) == 100.0
    assert common.percentile([7.0], 0.5) == 7.0


@pytest.mark.parametrize(("values", "fraction", "message"), [
    ([], 0.5, "percentile of no values"),
    ([1.0], 0, r"fraction must be in \(0, 1\], not 0"),
])
def test_percentile_rejects_bad_input_clearly(values, fraction, message):
    with pytest.raises(ValueError, match=message):
        common.percentile(values, fraction)


def test_machine_details_name_python_django_platform_and_cpus():
    line = common.machine_line()
    details = common.machine()
    assert f"Python {details['python']}" in line and f"Django {details['django']}" in line
    assert f"{details['cpu_count']} CPUs" in line


def test_markdown_table_aligns_numbers_right_unless_told_otherwise():
    assert common.markdown_table(["a", "b"], [["x", "1"]]).splitlines() == ["| a | b |", "|---|---:|", "| x | 1 |"]
    assert common.markdown_table(["a", "b"], [["x", "y"]], numeric=False).splitlines()[1] == "|---|---|"


def test_bar_chart_is_a_transparent_svg_with_grey_text():
    svg = common.bar_chart_svg(["one", "two"], [1.0, 2.0], title="Title", unit="ms")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "Title" in svg and "#888888" in svg
