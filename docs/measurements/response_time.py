# ---
# jupyter:
#   description: "How long a Django sign-up view takes to answer when its slow call runs inline, in a new thread, in a pool, in the helper or through a queue."
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
# # Response time: inline, new thread, pool, the helper, or a queue

# %%
import sys
from pathlib import Path

from IPython.display import HTML, Markdown, display

ROOT = next(
    p for p in [Path.cwd(), *Path.cwd().parents] if (p / "mkdocs.yml").is_file()
)  # the repo root
sys.path.insert(0, str(ROOT))

from benchmarks import common, response_time  # noqa: E402
from benchmarks.common import number  # noqa: E402

result = response_time.measure("small")
variants = result["variants"]
inline, thread, pool, helper, queue = (
    variants[name] for name in ("inline", "thread", "pool", "helper", "queue")
)
inline_ms = inline["median_ms"]
handed_off = sorted(
    (v["median_ms"] for name, v in variants.items() if name != "inline"),
)
display(
    HTML(
        common.finding(
            "Handing the slow call off cut the median response from "
            f"{number(inline['median_ms'], f'{inline_ms:.0f} ms')} to "
            f"{number(handed_off[0], f'{handed_off[0]:.0f}')}–"
            f"{number(handed_off[-1], f'{handed_off[-1]:.0f} ms')}, whichever way it went "
            "(new thread, pool, helper or queue), but a new thread per request held "
            f"{number(thread['peak_db_connections'], str(thread['peak_db_connections']))} "
            "database connections open at once where the pool held "
            f"{number(pool['peak_db_connections'], str(pool['peak_db_connections']))}."
        )
    )
)

# %% [markdown]
# ## This build's numbers

# %%
display(
    Markdown(
        f"Inline, the median response took {inline['median_ms']:.0f} ms: the 50 ms call plus the rest of the view. "
        f"Handing the call to a new thread cut the median to {thread['median_ms']:.0f} ms "
        f"({thread['median_ms'] / inline['median_ms']:.2f} of inline), and to a pool to {pool['median_ms']:.0f} ms "
        f"({pool['median_ms'] / inline['median_ms']:.2f} of inline), and to the helper to {helper['median_ms']:.0f} ms "
        f"({helper['median_ms'] / inline['median_ms']:.2f} of inline); storing it in a queue took the median to "
        f"{queue['median_ms']:.0f} ms ({queue['median_ms'] / inline['median_ms']:.2f} of inline). "
        f"Thread-per-request reached {thread['peak_threads']} threads in the server process, "
        f"the pool {pool['peak_threads']}, inline {inline['peak_threads']}. "
        f"Thread-per-request also held {thread['peak_db_connections']} database connections open at once for "
        f"{result['setup']['requests']} requests"
        + (
            ", one for each"
            if thread["peak_db_connections"] == result["setup"]["requests"]
            else ""
        )
        + ": a finished thread's connection stays open until the garbage collector frees it. "
        f"The pool held {pool['peak_db_connections']} and the helper {helper['peak_db_connections']}, at most one per worker. "
        f"When the last response had gone out, {pool['unfinished_at_last_response']} of the pool's "
        f"{result['setup']['requests']} calls were still running or waiting: a fast response does not mean the work is done. "
        f"Its {result['setup']['pool_workers']} workers had finished them {pool['work_done_after_last_response_ms']:.0f} ms later."
    )
)
display(
    HTML(
        common.bar_chart_svg(
            list(variants),
            [v["median_ms"] for v in variants.values()],
            title="Median response time under load",
            unit="milliseconds",
        )
    )
)
display(
    Markdown(
        common.markdown_table(
            ["response", "median (ms)", "p99 (ms)", "requests/s"],
            [
                [
                    name,
                    number(v["median_ms"], f"{v['median_ms']:.1f}"),
                    number(v["p99_ms"], f"{v['p99_ms']:.1f}"),
                    number(v["throughput_rps"], f"{v['throughput_rps']:.0f}"),
                ]
                for name, v in variants.items()
            ],
        )
        + "\n\n"
        + common.markdown_table(
            ["cost", "peak threads", "peak DB connections", "work done (ms after)"],
            [
                [
                    name,
                    number(v["peak_threads"], str(v["peak_threads"])),
                    number(v["peak_db_connections"], str(v["peak_db_connections"])),
                    "elsewhere"
                    if v["work_done_after_last_response_ms"] is None
                    else number(
                        v["work_done_after_last_response_ms"],
                        f"{v['work_done_after_last_response_ms']:.0f}",
                    ),
                ]
                for name, v in variants.items()
            ],
        )
        + "\n\nWork done: how long after the last response went out the last call had "
        "finished; the queue's calls wait for a worker in another process."
    )
)
display(
    HTML(
        common.measured_on(
            result["machine"],
            f"{result['setup']['server']}; {result['setup']['requests']} requests from "
            f"{result['setup']['clients']} clients per variant (make bench sends more)",
        )
    )
)

# %% [markdown]
# ## How this was measured
#
# A sign-up view that waits on a slow call answers only after the call returns; handing the call
# to a thread, a pool or a queue lets the response go out first. This page measures by how much,
# and what each costs the server in threads and database connections, when this page was built,
# on the machine that built it.
#
# The setup: the example Django project served by gunicorn (one `gthread` worker with 16
# threads) on a free port of 127.0.0.1, started by this notebook and stopped at its end. Client
# threads send the same number of POST requests to each variant with `http.client` (both counts
# are under the tables: the site build sends a small load, `make bench` a larger one). The view's
# slow part runs one query on the SQLite database (`SELECT 1`, standing for reading the new
# user's row), then waits 50 ms, standing for an SMTP round trip:
#
# - **inline**: the view makes the call itself, then responds;
# - **thread**: the view starts a new `threading.Thread` for the call, then responds;
# - **pool**: the view submits the call to a module-level `ThreadPoolExecutor` with 16 workers;
# - **helper**: the view submits the call to the guide's [background helper](../../reference/background-helper/),
#   a `BackgroundPool` with 16 workers;
# - **queue**: the view stores the call in a SQLite queue ([Huey](../../ladder/huey/)) for a
#   worker process to run; no worker runs here, so this measures what enqueueing costs the view.
#
# The code is in `benchmarks/response_time.py`, and the view in `benchmarks/slow_work/views.py`,
# which the measurement's settings (`benchmarks/settings.py`) add to the example project; this
# page's own code is in the notebook it offers for download (the button at the top). Peak
# threads are the most Python threads alive in the server process when a slow call started
# (`threading.active_count()`). Peak connections are the most of Django's database connections
# open at once among those the variant opened, counted right after each query (the queue's own
# SQLite file is not one of them).
#
# ## Caveats
#
# The variants run one after the other in the same server process, so the idle workers of a pool
# measured earlier still count among the helper's peak threads.
#
# The numbers are this machine's, measured while it built the site, with the rest of the build
# waiting; the directions are what the page claims, and what the build checks.
#
# ## The checks
#
# The checks below fail the site build if the direction stops holding: the view that waits
# inline is at least as slow as the call; handing the call off makes the median response faster;
# a thread per request adds threads, and the pool stays within its fixed bound (the server's
# threads, the pool's workers, the main thread, and a few for gunicorn itself); the pool and the
# helper hold at most one database connection per worker, while a thread per request holds more
# than that; and some of the pool's work was still unfinished when the last response went out.

# %%
assert inline["median_ms"] >= 50
assert thread["median_ms"] < 0.8 * inline["median_ms"]
assert pool["median_ms"] < 0.8 * inline["median_ms"]
assert helper["median_ms"] < 0.8 * inline["median_ms"]
assert queue["median_ms"] < 0.8 * inline["median_ms"]
assert thread["peak_threads"] > inline["peak_threads"]
pool_bound = 1 + response_time.SERVER_THREADS + result["setup"]["pool_workers"] + 4
assert pool["peak_threads"] <= pool_bound, (pool["peak_threads"], pool_bound)
assert pool["unfinished_at_last_response"] > 0, pool
workers = result["setup"]["pool_workers"]
assert (
    pool["peak_db_connections"] <= workers and helper["peak_db_connections"] <= workers
), (pool, helper)
assert thread["peak_db_connections"] > workers, thread
print(
    f"checked: pool peak {pool['peak_threads']} <= bound {pool_bound}; handed-off medians < 0.8 x inline; "
    f"pool work unfinished at the last response; DB connections: pool and helper <= {workers} < thread"
)
