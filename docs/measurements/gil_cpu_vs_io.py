# ---
# jupyter:
#   description: "Threads under the GIL: CPU-bound work gains nothing from a second thread, while I/O-bound work overlaps, measured when this site was built."
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The GIL: CPU-bound vs I/O-bound work in threads

# %%
import sys
from pathlib import Path

from IPython.display import HTML, Markdown, display

ROOT = next(
    p for p in [Path.cwd(), *Path.cwd().parents] if (p / "mkdocs.yml").is_file()
)  # the repo root
sys.path.insert(0, str(ROOT))

from benchmarks import common, gil_cpu_vs_io  # noqa: E402
from benchmarks.common import number  # noqa: E402

result = gil_cpu_vs_io.measure("small")
cpu, io = result["cpu"], result["io"]
waits = result["setup"]["io_waits"]
cpu_threads = number(cpu["threads_over_serial"], f"{cpu['threads_over_serial']:.2f}")
cpu_processes = number(
    cpu["processes_over_serial"], f"{cpu['processes_over_serial']:.2f}"
)
io_threads = number(io["threads_over_serial"], f"{io['threads_over_serial']:.2f}")
display(
    HTML(
        common.finding(
            (
                "Under the GIL, threads overlap waiting, not computing: "
                if result["machine"]["gil_enabled"]
                else "On this free-threaded build, threads may compute in parallel: "
            )
            + f"two threads took {cpu_threads} of the serial time for CPU-bound Python "
            f"work, two processes {cpu_processes}, and {waits} waiting threads "
            f"{io_threads} of their serial time."
        )
    )
)

# %% [markdown]
# ## This build's numbers

# %%
display(
    Markdown(
        f"Two threads took {cpu['threads_over_serial']:.2f} of the serial time for "
        f"CPU-bound work, two processes {cpu['processes_over_serial']:.2f}; {waits} threads "
        f"took {io['threads_over_serial']:.2f} of the serial time for waiting work "
        "(1 is no gain; 0.5 is twice as fast)."
    )
)
display(
    HTML(
        common.bar_chart_svg(
            ["CPU: 2 threads", "CPU: 2 processes", f"I/O: {waits} threads"],
            [
                cpu["threads_over_serial"],
                cpu["processes_over_serial"],
                io["threads_over_serial"],
            ],
            title="Time as a fraction of the serial time",
            unit="fraction of serial time (1 = no gain)",
        )
    )
)


def row(way, seconds, fraction):
    return [
        way,
        number(seconds * 1000, f"{seconds * 1000:.1f}"),
        number(fraction, f"{fraction:.2f}"),
    ]


display(
    Markdown(
        common.markdown_table(
            ["CPU-bound work", "time (ms)", "of serial"],
            [
                row("serial, 1 thread", cpu["serial_s"], 1.0),
                row("2 threads", cpu["threads_s"], cpu["threads_over_serial"]),
                row("2 processes", cpu["processes_s"], cpu["processes_over_serial"]),
            ],
        )
        + "\n\n"
        + common.markdown_table(
            ["I/O-bound work", "time (ms)", "of serial"],
            [
                row("serial, 1 thread", io["serial_s"], 1.0),
                row(f"{waits} threads", io["threads_s"], io["threads_over_serial"]),
            ],
        )
    )
)
display(
    HTML(
        common.measured_on(
            result["machine"],
            f"CPU-bound: {result['setup']['rounds']} rounds; I/O-bound: {waits} waits of "
            f"{result['setup']['io_wait_ms']:.0f} ms per round (make bench runs more rounds)",
        )
    )
)

# %% [markdown]
# ## How this was measured
#
# On the default CPython build one thread runs Python bytecode at a time, so a second thread does
# not finish pure-Python computing sooner; a thread that waits (on a socket, or `time.sleep`)
# lets the others run, so waiting work does overlap. This page measures both, when this page was
# built, on the machine that built it.
#
# CPU-bound: two equal units of a pure-Python count-down loop, each sized to take about 30 ms
# (long enough that sending work to a process costs little beside it), run one after the other,
# in 2 threads, and in 2 child processes that are already running. The three take turns for a
# number of rounds; each round's times are divided by that round's serial time, and the median of
# those ratios is reported, so a burst of load from other programs does not decide the result.
# I/O-bound: a few waits of 20 ms, one after the other and then one thread each, five times,
# median ratio. The counts are under the tables (the site build runs fewer than `make bench`).
# The code is in `benchmarks/gil_cpu_vs_io.py`; this page's own code is in the notebook it
# offers for download (the button at the top).
#
# ## Caveats
#
# The CPUs of a shared virtual machine change speed from one moment to the next, so the
# fractions move from build to build; the directions are what the page claims. Processes need a
# second CPU that is free: on a busy machine they gain less. The page describes the default
# build, with the GIL; the line under the tables says which build ran it.
#
# ## The checks
#
# The checks below fail the site build if a direction stops holding: threads do not speed up
# CPU-bound work (more than 0.8 of the serial time), and threads do speed up waiting work (less
# than half the serial time). Processes speed up CPU-bound work: less than 0.95 of the serial
# time, and at least 0.1 below two threads. The bound is loose because the CPUs of a shared
# virtual machine change speed from one moment to the next. That check needs a second CPU to
# be free, so it runs only when the machine has at least two CPUs and its 1-minute load
# average before the run left one idle; otherwise the output says why it was skipped. On a
# free-threaded build the checks that compare CPU-bound threads are skipped, since there
# threads may run Python code in parallel.

# %%
assert io["threads_over_serial"] < 0.5, io
if result["machine"]["gil_enabled"]:
    assert cpu["threads_over_serial"] > 0.8, cpu
    print(
        "checked: CPU-bound threads > 0.8 of serial; I/O-bound threads < 0.5 of serial"
    )
else:
    print(
        "checked: I/O-bound threads < 0.5 of serial; not checked: CPU-bound threads (free-threaded build)"
    )
if result["cpus_free"]:
    assert cpu["processes_over_serial"] < 0.95, cpu
    if result["machine"]["gil_enabled"]:
        assert cpu["processes_over_serial"] < cpu["threads_over_serial"] - 0.1, cpu
        print(
            "checked: CPU-bound processes < 0.95 of serial, and at least 0.1 below threads"
        )
    else:
        print("checked: CPU-bound processes < 0.95 of serial")
else:
    print(
        f"not checked for processes: {result['machine']['cpu_count']} CPUs and a 1-minute load average of "
        f"{result['load_average_before']:.1f} before the run leave no CPU free for a second process"
    )
