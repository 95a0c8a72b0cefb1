"""MkDocs hook: run the measurement notebooks at every build, with their kernels started early.

mkdocs-jupyter can execute notebooks itself, but it starts each notebook's kernel only when the one
before has finished, and a kernel takes over a second to start. This hook starts every kernel as
soon as the configuration is loaded, in a background thread, while MkDocs renders the other pages.
When MkDocs reaches the first notebook page, it waits while the notebooks run one at a time (a
measurement must not share the CPUs with another, or with MkDocs). Each executed notebook is written
to ``.cache/notebooks/`` and the page is pointed at it, so mkdocs-jupyter (its own ``execute`` off)
renders this build's outputs and offers that ``.ipynb``, outputs included, as the page's download.
A cell that raises, such as a direction check that no longer holds, fails the build and names the
notebook.

``THREAD_OR_QUEUE_EXECUTE_NOTEBOOKS=false`` skips execution (the pages then show the code without
outputs); the test of ``make serve`` uses it, since the build test has already run every notebook.
"""

import asyncio
import logging
import os
import threading
import time
from pathlib import Path

import jupytext
import nbformat
from jupyter_client.manager import AsyncKernelManager
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

NOTEBOOKS = "measurements/*.py"  # under docs/; mkdocs.yml's mkdocs-jupyter `include` matches these and the .ipynb
CELL_TIMEOUT_SECONDS = 120
KERNEL_ARGUMENTS = [
    "--HistoryManager.hist_file=:memory:",  # no IPython history file under $HOME
    # Errors only: each kernel would warn that its loopback ports are unencrypted, on every build.
    "--IPKernelApp.log_level=ERROR",
]
log = logging.getLogger("mkdocs.hooks.notebooks")


def execution_enabled() -> bool:
    value = os.environ.get("THREAD_OR_QUEUE_EXECUTE_NOTEBOOKS", "true").strip().lower()
    if value not in {"true", "false"}:
        raise PluginError(
            f"THREAD_OR_QUEUE_EXECUTE_NOTEBOOKS must be 'true' or 'false', not {value!r}"
        )
    return value == "true"


async def started_kernel(cwd: Path) -> AsyncKernelManager:
    """A kernel that has answered, so that none is still starting while a measurement runs."""
    kernel = AsyncKernelManager(kernel_name="python3")
    await kernel.start_kernel(extra_arguments=KERNEL_ARGUMENTS, cwd=str(cwd))
    client = kernel.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=CELL_TIMEOUT_SECONDS)
    finally:
        client.stop_channels()
    return kernel


class NotebookRun:
    """One build's notebooks: kernels started at once in a thread, executed in turn when asked."""

    def __init__(self, docs: Path, sources: list[Path], executed_dir: Path):
        self.docs = docs
        self.sources = sources
        self.executed_dir = executed_dir
        self.executed: dict[Path, Path] = {}
        self.error: BaseException | None = None
        self.kernels: list[AsyncKernelManager] = []
        self.kernels_started = threading.Event()
        self._go = threading.Event()
        self._cancelled = False
        self._thread = threading.Thread(
            target=asyncio.run, args=(self._main(),), name="notebooks", daemon=True
        )
        self._thread.start()

    def results(self) -> dict[Path, Path]:
        """Run the notebooks (once) and return each source's executed ``.ipynb``; raise if one failed."""
        self._go.set()
        self._thread.join()
        if self.error is not None:
            raise self.error
        return self.executed

    def cancel(self):
        """Run no notebook (or no further one), stop the kernels, and return once they are stopped."""
        self._cancelled = True
        self._go.set()
        self._thread.join()

    async def _main(self):
        try:
            began = time.perf_counter()
            started = await asyncio.gather(
                *(started_kernel(source.parent) for source in self.sources),
                return_exceptions=True,
            )
            self.kernels = [
                kernel for kernel in started if isinstance(kernel, AsyncKernelManager)
            ]
            for failure in started:
                if isinstance(failure, BaseException):
                    raise PluginError(
                        f"a notebook kernel did not start: {failure!r}"
                    ) from failure
            log.info(
                "Started %d notebook kernels in %.1f s",
                len(self.kernels),
                time.perf_counter() - began,
            )
            self.kernels_started.set()
            await asyncio.to_thread(self._go.wait)
            for source, kernel in zip(self.sources, self.kernels, strict=True):
                if self._cancelled:
                    return
                self.executed[source] = await execute(
                    self.docs, source, kernel, self.executed_dir
                )
        except (
            BaseException
        ) as error:  # handed to the main thread, which fails the build with it
            self.error = error
        finally:
            await asyncio.gather(
                *(kernel.shutdown_kernel(now=True) for kernel in self.kernels)
            )


async def execute(
    docs: Path, source: Path, kernel: AsyncKernelManager, executed_dir: Path
) -> Path:
    """Run ``source`` in ``kernel``; write the executed notebook under ``executed_dir`` and return its path."""
    began = time.perf_counter()
    name = source.relative_to(docs)
    notebook = jupytext.read(source)
    client = NotebookClient(
        notebook, km=kernel, timeout=CELL_TIMEOUT_SECONDS, allow_errors=False
    )
    try:
        await client.async_execute()
    except CellExecutionError as error:
        raise PluginError(f"notebook docs/{name} failed:\n{error}") from None
    target = executed_dir / name.with_suffix(".ipynb")
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    log.info("Executed docs/%s in %.1f s", name, time.perf_counter() - began)
    return target


_run: NotebookRun | None = None


def on_config(config):
    global _run
    _finish()
    if execution_enabled():
        docs = Path(config.docs_dir)
        executed_dir = Path(config.config_file_path).parent / ".cache" / "notebooks"
        _run = NotebookRun(docs, sorted(docs.glob(NOTEBOOKS)), executed_dir)


@event_priority(
    50
)  # before mkdocs-jupyter, which reads the notebook from page.file.abs_src_path
def on_pre_page(page, config, files):
    if (
        _run is None
        or page.file.abs_src_path is None
        or Path(page.file.abs_src_path) not in _run.sources
    ):
        return page
    page.file.abs_src_path = str(_run.results()[Path(page.file.abs_src_path)])
    return page


def _finish():
    global _run
    if _run is not None:
        _run.cancel()
        _run = None


def on_post_build(config):
    _finish()


def on_build_error(error):
    _finish()
