# ---
# jupyter:
#   description: "What starting a new threading.Thread costs per task compared with submitting to a ThreadPoolExecutor, measured when this site was built."
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
# # Starting a thread vs submitting to a pool

# %%
import sys
from pathlib import Path

from IPython.display import HTML, Markdown, display

ROOT = next(
    p for p in [Path.cwd(), *Path.cwd().parents] if (p / "mkdocs.yml").is_file()
)  # the repo root
sys.path.insert(0, str(ROOT))

from benchmarks import common, thread_start_vs_pool  # noqa: E402
from benchmarks.common import number  # noqa: E402

result = thread_start_vs_pool.measure("small")
thread_start_us = result["thread_start_join_us"]
pool_submit_us = result["pool_submit_result_us"]
SMTP_US = 50_000  # a 50 ms SMTP call, the slow part of the other pages' sign-up view
display(
    HTML(
        common.finding(
            f"Starting a new thread cost "
            f"{number(thread_start_us, f'{thread_start_us:.0f} µs')} per task and handing "
            f"the task to a running pool {number(pool_submit_us, f'{pool_submit_us:.0f} µs')}"
            f": the pool is cheaper, but both are small beside a 50 ms SMTP call (the "
            f"thread {number(100 * thread_start_us / SMTP_US, f'{thread_start_us / SMTP_US:.2%}')}"
            f" of it)."
        )
    )
)

# %% [markdown]
# ## This build's numbers

# %%
display(
    Markdown(
        f"A new thread cost {thread_start_us:.0f} µs per task (start and join); "
        f"a pool cost {pool_submit_us:.0f} µs per task (submit and result), "
        f"a ratio of {result['thread_over_pool']:.1f} to 1. Next to a 50 ms SMTP call they "
        f"amount to {thread_start_us / SMTP_US:.2%} and {pool_submit_us / SMTP_US:.2%} of it; "
        "the [response time](../response_time/) page measures the other difference, "
        "how many threads each way leaves running."
    )
)
display(
    HTML(
        common.bar_chart_svg(
            ["new thread", "pool"],
            [thread_start_us, pool_submit_us],
            title="Cost per task of the machinery alone",
            unit="microseconds per task",
        )
    )
)
display(
    Markdown(
        common.markdown_table(
            ["way", "per task (µs)", "of a 50 ms call"],
            [
                [
                    "new thread: start, join",
                    number(thread_start_us, f"{thread_start_us:.0f}"),
                    number(
                        100 * thread_start_us / SMTP_US,
                        f"{thread_start_us / SMTP_US:.2%}",
                    ),
                ],
                [
                    "pool: submit, result",
                    number(pool_submit_us, f"{pool_submit_us:.0f}"),
                    number(
                        100 * pool_submit_us / SMTP_US,
                        f"{pool_submit_us / SMTP_US:.2%}",
                    ),
                ],
            ],
        )
    )
)
display(
    HTML(
        common.measured_on(
            result["machine"],
            f"{result['setup']['tasks_per_round']} tasks per round, "
            f"{result['setup']['rounds']} rounds (make bench runs a larger batch)",
        )
    )
)

# %% [markdown]
# ## How this was measured
#
# Each new `threading.Thread` asks the operating system for a new thread; a
# `ThreadPoolExecutor` starts each worker thread once and hands it task after task. This page
# times the difference per task, when this page was built, on the machine that built it.
#
# The task does nothing, so only the machinery is timed: `start()` then `join()` for a new
# thread, `submit()` then `result()` on a pool with one worker that already exists. Each way
# runs the same batch of tasks per round, several rounds, and the fastest round counts (both
# counts are under the table: the site build runs a smaller batch than `make bench`). The code
# is in `benchmarks/thread_start_vs_pool.py`; this page's own code is in the notebook it
# offers for download (the button at the top).
#
# ## Caveats
#
# The numbers are this machine's, measured while it built the site; another machine, or a busy
# moment, gives other numbers. The direction is what the page claims, and what the build checks.
#
# ## The check
#
# The check below fails the site build if submitting to a running pool stops being cheaper than
# starting a thread.

# %%
assert pool_submit_us < thread_start_us, (pool_submit_us, thread_start_us)
print(
    f"checked: pool {pool_submit_us:.0f} µs < thread {thread_start_us:.0f} µs per task"
)
