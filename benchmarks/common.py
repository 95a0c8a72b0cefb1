"""What every measurement shares: sizes, machine details, percentiles and a theme-neutral plot."""

import os
import platform
import statistics
import sys
from html import escape

SIZES = ("small", "full")

# Bars read on a light and a dark page alike in saturated mid-tone colours; text takes the page's colour.
COLOURS = ("#26a69a", "#ef6c00", "#7e57c2", "#1e88e5", "#d81b60")


def check_size(size: str) -> str:
    """Return ``size`` if it is one the measurements know, else raise a clear ValueError."""
    if size not in SIZES:
        raise ValueError(
            f"size must be one of {', '.join(map(repr, SIZES))}, not {size!r}"
        )
    return size


def machine() -> dict:
    """Where the numbers come from: Python, Django, platform and CPU count."""
    import django

    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "gil_enabled": getattr(sys, "_is_gil_enabled", lambda: True)(),
        "django": django.get_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "load_average_1min": os.getloadavg()[0],
    }


def machine_line(details: dict | None = None) -> str:
    details = details or machine()
    gil = "GIL enabled" if details["gil_enabled"] else "free-threaded"
    return (
        f"Python {details['python']} ({details['implementation']}, {gil}), Django {details['django']}, "
        f"{details['platform']}, {details['cpu_count']} CPUs, "
        f"1-minute load average {details['load_average_1min']:.1f} when measured"
    )


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie (nearest-rank, so always a real sample)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], not {fraction!r}")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


def median(values: list[float]) -> float:
    return statistics.median(values)


def bar_chart_svg(
    labels: list[str], values: list[float], *, title: str, unit: str
) -> str:
    """A horizontal bar chart as inline SVG: transparent, its text in the page's own colour.

    Drawn by hand rather than with matplotlib, whose import alone costs each notebook most of a
    second of the site build. Bar lengths are proportional to the values, which must not be
    negative. Shown with ``IPython.display.HTML``, so it stays inline and its accessible name,
    the title and every value, reaches screen readers (an SVG shown as an image gets no alt text).
    """
    if len(labels) != len(values) or not values:
        raise ValueError(
            f"need one value per label, got {len(labels)} labels and {len(values)} values"
        )
    if any(value < 0 for value in values):
        raise ValueError(f"bar lengths must not be negative: {values}")
    bar_height, gap, font_px = 18, 12, 13
    # Each label stands above its bar, so the bars get the whole width and the chart stays
    # narrow: shrunk to a 360 px phone's column, its text is still about 11 px. No text
    # measuring in SVG: a character is taken as 0.6 of the font size.
    text_width = int(max(len(text) for text in [*labels, title, unit]) * font_px * 0.6)
    chart_width = max(400, text_width + 24)
    left, value_room = 2, 60
    bar_space = chart_width - left - value_room
    top = 34
    row_height = font_px + 4 + bar_height + gap
    height = top + len(values) * row_height + 24
    longest = max(values) or 1.0
    description = (
        f"{title}: "
        + "; ".join(
            f"{label} {value:,.3g}" for label, value in zip(labels, values, strict=True)
        )
        + f" ({unit})"
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{chart_width}" height="{height}" '
        f'viewBox="0 0 {chart_width} {height}" role="img" aria-label="{escape(description)}" '
        f'font-family="sans-serif" font-size="{font_px}" fill="currentColor">',
        f"<title>{escape(description)}</title>",
        f'<text x="{left}" y="18" font-size="{font_px + 1}" font-weight="bold">{escape(title)}</text>',
    ]
    for row, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + row * row_height
        bar_y = y + font_px + 4
        width = bar_space * value / longest
        middle = bar_y + bar_height / 2 + font_px * 0.35
        parts += [
            f'<text x="{left + 5}" y="{y + font_px:.1f}">{escape(label)}</text>',
            f'<rect x="{left}" y="{bar_y}" width="{width:.1f}" height="{bar_height}" '
            f'fill="{COLOURS[row % len(COLOURS)]}"/>',
            f'<text x="{left + width + 6:.1f}" y="{middle:.1f}">{value:,.3g}</text>',
        ]
    axis_y = top + len(values) * row_height - gap / 2
    parts += [
        f'<line x1="{left}" y1="{top - 4}" x2="{left}" y2="{axis_y}" stroke="currentColor"/>',
        f'<text x="{left}" y="{axis_y + 18}">{escape(unit)}</text>',
        "</svg>",
    ]
    return "\n".join(parts)


def number(value: float, shown: str) -> str:
    """A measured number as a page shows it: ``shown`` in a ``<data>`` element holding ``value``.

    ``value`` is in the unit ``shown`` is in (milliseconds, a fraction, a percentage). The site's
    tests read it: the opening finding's numbers must agree with what they show and with a table.
    """
    return f'<data value="{value:.6g}">{escape(shown)}</data>'


def finding(sentence: str) -> str:
    """A measurement page's opening paragraph: its finding in one sentence, as HTML.

    ``sentence`` is HTML: its numbers come from ``number``, so each carries its measured value.
    """
    return f'<p class="finding">{sentence}</p>'


def measured_on(details: dict, setup: str) -> str:
    """The paragraph under a page's tables: the machine, and the size of this run (``setup``)."""
    return (
        f'<p class="measured-on">Measured while this page was built: '
        f"{escape(machine_line(details))}; {escape(setup)}.</p>"
    )


def markdown_table(
    headers: list[str], rows: list[list[str]], numeric: bool = True
) -> str:
    """A Markdown table from formatted cells; with ``numeric``, columns after the first align right."""
    rule = "---:|" if numeric else "---|"
    lines = ["| " + " | ".join(headers) + " |", "|---|" + rule * (len(headers) - 1)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
