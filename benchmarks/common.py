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
    bar_height, gap, font_px = 22, 10, 13
    # No text measuring in SVG: a character is taken as 0.6 of the font size.
    label_width = 12 + int(max(len(label) for label in labels) * font_px * 0.6)
    # Leaves room for the value after the longest bar.
    bar_space = 600 - label_width - 70
    top = 34
    height = top + len(values) * (bar_height + gap) + 30
    longest = max(values) or 1.0
    description = (
        f"{title}: "
        + "; ".join(
            f"{label} {value:,.3g}" for label, value in zip(labels, values, strict=True)
        )
        + f" ({unit})"
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="600" height="{height}" viewBox="0 0 600 {height}" '
        f'role="img" aria-label="{escape(description)}" font-family="sans-serif" font-size="{font_px}" '
        'fill="currentColor">',
        f"<title>{escape(description)}</title>",
        f'<text x="300" y="20" text-anchor="middle" font-size="{font_px + 1}">{escape(title)}</text>',
    ]
    for row, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + row * (bar_height + gap)
        width = bar_space * value / longest
        middle = y + bar_height / 2 + font_px * 0.35
        parts += [
            f'<text x="{label_width - 8}" y="{middle:.1f}" text-anchor="end">{escape(label)}</text>',
            f'<rect x="{label_width}" y="{y}" width="{width:.1f}" height="{bar_height}" '
            f'fill="{COLOURS[row % len(COLOURS)]}"/>',
            f'<text x="{label_width + width + 6:.1f}" y="{middle:.1f}">{value:,.3g}</text>',
        ]
    axis_y = top + len(values) * (bar_height + gap) - gap / 2
    parts += [
        f'<line x1="{label_width}" y1="{top - 4}" x2="{label_width}" y2="{axis_y}" stroke="currentColor"/>',
        f'<text x="{label_width + bar_space / 2:.1f}" y="{axis_y + 20}" text-anchor="middle">{escape(unit)}</text>',
        "</svg>",
    ]
    return "\n".join(parts)


def markdown_table(
    headers: list[str], rows: list[list[str]], numeric: bool = True
) -> str:
    """A Markdown table from formatted cells; with ``numeric``, columns after the first align right."""
    rule = "---:|" if numeric else "---|"
    lines = ["| " + " | ".join(headers) + " |", "|---|" + rule * (len(headers) - 1)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
