"""What every measurement shares: sizes, machine details, percentiles and a theme-neutral plot."""

import io
import os
import platform
import statistics
import sys

SIZES = ("small", "full")

# Read on a light and a dark page alike: mid-grey text, saturated mid-tone colours.
MID_GREY = "#888888"
COLOURS = ("#26a69a", "#ef6c00", "#7e57c2", "#1e88e5", "#d81b60")


def check_size(size: str) -> str:
    """Return ``size`` if it is one the measurements know, else raise a clear ValueError."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(map(repr, SIZES))}, not {size!r}")
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


def bar_chart_svg(labels: list[str], values: list[float], *, title: str, unit: str) -> str:
    """A small horizontal bar chart as SVG text, transparent, readable on light and dark pages."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    with matplotlib.rc_context({
        "svg.fonttype": "none",  # text stays text: smaller file, page font
        "text.color": MID_GREY,
        "axes.labelcolor": MID_GREY,
        "axes.edgecolor": MID_GREY,
        "xtick.color": MID_GREY,
        "ytick.color": MID_GREY,
        "font.size": 10,
    }):
        figure, axes = pyplot.subplots(figsize=(6, 0.5 + 0.45 * len(labels)))
        figure.patch.set_alpha(0)
        axes.patch.set_alpha(0)
        positions = range(len(labels))
        axes.barh(positions, values, color=[COLOURS[i % len(COLOURS)] for i in positions])
        axes.set_yticks(list(positions), labels)
        axes.invert_yaxis()
        axes.set_xlabel(unit)
        axes.set_title(title, color=MID_GREY)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        for position, value in zip(positions, values):
            axes.text(value, position, f" {value:,.3g}", va="center", color=MID_GREY)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", transparent=True)
        pyplot.close(figure)
    return buffer.getvalue()


def markdown_table(headers: list[str], rows: list[list[str]], numeric: bool = True) -> str:
    """A Markdown table from formatted cells; with ``numeric``, columns after the first align right."""
    rule = "---:|" if numeric else "---|"
    lines = ["| " + " | ".join(headers) + " |", "|---|" + rule * (len(headers) - 1)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
