# ---
# jupyter:
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
#
# Each new `threading.Thread` asks the operating system for a new thread; a
# `ThreadPoolExecutor` starts each worker thread once and hands it task after task. This page times the difference per task, when this page was
# built, on the machine that built it.
#
# The task does nothing, so only the machinery is timed: `start()` then `join()` for a new
# thread, `submit()` then `result()` on a pool with one worker that already exists. Each way runs
# the same batch of tasks per round, several rounds, and the fastest round counts (both counts are
# printed below: the site build runs a smaller batch than `make bench`). The code is in
# `benchmarks/thread_start_vs_pool.py`.

# %%
import sys
from pathlib import Path

from IPython.display import Markdown, display

ROOT = next(
    p for p in [Path.cwd(), *Path.cwd().parents] if (p / "mkdocs.yml").is_file()
)  # the repo root
sys.path.insert(0, str(ROOT))

from benchmarks import common, thread_start_vs_pool  # noqa: E402

result = thread_start_vs_pool.measure("small")
thread_start_us = result["thread_start_join_us"]
pool_submit_us = result["pool_submit_result_us"]
print(common.machine_line(result["machine"]))
print(
    f"{result['setup']['tasks_per_round']} tasks per round, {result['setup']['rounds']} rounds"
)

# %%
display(
    Markdown(
        f"A new thread cost {thread_start_us:.0f} µs per task (start and join); "
        f"a pool cost {pool_submit_us:.0f} µs per task (submit and result), "
        f"a ratio of {result['thread_over_pool']:.1f} to 1. Next to a 50 ms SMTP call they amount to "
        f"{thread_start_us / 50_000:.2%} and {pool_submit_us / 50_000:.2%} of it; the Response time page "
        f"measures the other difference, how many threads each way leaves running."
    )
)

# %% [markdown]
# The check below fails the site build if submitting to a running pool stops being cheaper than
# starting a thread.

# %%
assert pool_submit_us < thread_start_us, (pool_submit_us, thread_start_us)
print(
    f"checked: pool {pool_submit_us:.0f} µs < thread {thread_start_us:.0f} µs per task"
)
