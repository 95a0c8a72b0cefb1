# ---
# jupyter:
#   description: "How many tasks handed to threads, pools or the helper finish, and how many are lost, when the process gets SIGTERM, with and without a graceful exit."
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
# # Work lost at shutdown

# %%
import sys
from pathlib import Path

from IPython.display import HTML, Markdown, display

ROOT = next(
    p for p in [Path.cwd(), *Path.cwd().parents] if (p / "mkdocs.yml").is_file()
)  # the repo root
sys.path.insert(0, str(ROOT))

from benchmarks import common, shutdown_loss  # noqa: E402
from benchmarks.common import number  # noqa: E402

result = shutdown_loss.measure("small")
endings = result["endings"]
tasks = result["setup"]["tasks"]
default, graceful, deadline = (endings[ending] for ending in shutdown_loss.ENDINGS)
pool = f"ThreadPoolExecutor ({result['setup']['pool_workers']} workers)"
helper = f"background helper ({result['setup']['pool_workers']} workers)"
queue = "SQLite queue + second worker"
queue_lost = max(endings[ending][queue]["lost"] for ending in endings)
display(
    HTML(
        common.finding(
            f"The queue that wrote its tasks to a file lost "
            f"{number(queue_lost, str(queue_lost))} of {tasks} in every ending, while "
            f"every way that held them in memory lost work at a plain SIGTERM (the pool "
            f"{number(default[pool]['lost'], str(default[pool]['lost']))} of {tasks}), "
            f"and a SIGKILL {result['setup']['kill_after_ms']:.0f} ms into a graceful "
            f"exit still cost the pool "
            f"{number(deadline[pool]['lost'], str(deadline[pool]['lost']))}."
        )
    )
)

# %% [markdown]
# ## This build's numbers

# %%
display(
    Markdown(
        f"Of {tasks} tasks, the default SIGTERM lost {default['non-daemon threads']['lost']} "
        f"in non-daemon threads and {default[pool]['lost']} in the pool: without a handler "
        f"nothing waits. A graceful exit lost {graceful['daemon threads']['lost']} in daemon "
        f"threads and {graceful['non-daemon threads']['lost']} in non-daemon threads, "
        f"{graceful[pool]['lost']} in the pool. With SIGKILL "
        f"{result['setup']['kill_after_ms']:.0f} ms later the pool lost "
        f"{deadline[pool]['lost']}. The SQLite queue lost {queue_lost} in every ending: its "
        "tasks were in a file that outlived the process."
    )
)
display(
    HTML(
        common.bar_chart_svg(
            list(shutdown_loss.WAYS),
            [
                sum(endings[e][way]["lost"] for e in endings)
                for way in shutdown_loss.WAYS
            ],
            title=f"Tasks lost over the three endings, of {tasks * len(endings)}",
            unit="tasks lost",
        )
    )
)
# Short headings and a break inside the longest name keep the table within a phone's width.
HEADINGS = {
    "default SIGTERM": "plain SIGTERM",
    "graceful exit": "graceful exit",
    "graceful, SIGKILL after 500 ms": (
        f"SIGKILL at {result['setup']['kill_after_ms']:.0f} ms"
    ),
}
display(
    Markdown(
        common.markdown_table(
            [f"tasks lost, of {tasks}", *(HEADINGS[ending] for ending in endings)],
            [
                [
                    way.replace("ThreadPoolExecutor", "ThreadPool<wbr>Executor"),
                    *(
                        number(endings[e][way]["lost"], str(endings[e][way]["lost"]))
                        for e in endings
                    ),
                ]
                for way in shutdown_loss.WAYS
            ],
        )
        + "\n\nThe rest finished. The SQLite queue's second worker finished "
        + ", ".join(str(endings[e][queue]["finished_later"]) for e in endings)
        + " of them (in the order of the columns) after the first had gone."
    )
)
display(
    HTML(
        common.measured_on(
            result["machine"],
            f"{tasks} tasks of {result['setup']['task_ms']:.0f} ms per case "
            "(make bench hands off more)",
        )
    )
)

# %% [markdown]
# ## How this was measured
#
# Work handed to a thread lives in the memory of the process that handed it off; when that
# process ends, what has not finished is gone unless something waits for it or it was written
# down elsewhere. This page counts tasks finished and lost when a real process gets SIGTERM, when
# this page was built, on the machine that built it.
#
# Each case is a child Python process that hands a batch of tasks (each waits 400 ms; the site
# build uses fewer than `make bench`, and the count is under the table) to one way of
# running background work, reports `submitted`, and is then sent SIGTERM at once. Three endings:
#
# - **default SIGTERM**: the child installs no handler, so Python's default applies and the
#   process ends immediately;
# - **graceful exit**: a handler calls `sys.exit()`, so the interpreter shuts down normally:
#   it joins non-daemon threads, and `ThreadPoolExecutor` finishes its queued work first;
# - **graceful, SIGKILL after 500 ms**: the same, cut short by SIGKILL, standing for a stop
#   deadline after which a process supervisor kills what is still running.
#
# The SQLite queue writes the tasks to a file first, and 4 worker threads claim, run and mark
# them done; after the child is gone, a second worker process puts back what the dead one had
# claimed and finishes the rest. The code is in `benchmarks/shutdown_loss.py`; this page's own
# code is in the notebook it offers for download (the button at the top).
#
# ## Caveats
#
# That SQLite queue is a minimal one written for this page, and it puts back what a dead
# worker had claimed. Not every real queue does: killed in the middle of a task, several of
# the queues on the ladder lose it ([compare the options](../../decide/comparison/)).
#
# ## The checks
#
# The checks below fail the site build if a direction stops holding: without a SIGTERM handler
# every in-memory way loses work; on a graceful exit, daemon threads and a queue's daemon worker
# lose work while non-daemon threads and the pool lose none; a SIGKILL deadline shorter than the
# pool's backlog loses pool work; the SQLite queue with a second worker loses nothing.

# %%
in_memory = [
    way for way in shutdown_loss.WAYS if way not in shutdown_loss.PERSISTENT_WAYS
]
assert all(default[way]["lost"] > 0 for way in in_memory), default
assert (
    graceful["daemon threads"]["lost"] > 0
    and graceful["queue.Queue, daemon worker"]["lost"] > 0
), graceful
assert graceful["non-daemon threads"]["lost"] == 0 and graceful[pool]["lost"] == 0, (
    graceful
)
assert deadline[pool]["lost"] > 0, deadline
assert graceful[helper]["lost"] == 0 and deadline[helper]["lost"] > 0, (
    graceful,
    deadline,
)
assert all(endings[ending][queue]["lost"] == 0 for ending in endings), endings
print(
    f"checked: the directions above hold in all {len(endings) * len(shutdown_loss.WAYS)} cases"
)
