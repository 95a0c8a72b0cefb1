"""Run code blocks as a reader pasted them: the runner ``test_copied_blocks.py`` starts.

Started alone (``python copied_blocks_runner.py``) or inside an example project (``manage.py
shell``, with Django set up for it), with the environment naming two files: JOBS, a JSON list of
blocks, and RESULTS. Each job is one of:

* ``file``: the block is its whole file. The file runs: imported by its module name inside a
  project, or run as ``__main__`` alone.
* ``fragment``: the block is part of its file. The copied code runs as a module beside that
  file (so a relative import works). If it needs a name it does not define and ``prelude`` (the
  file's text above it) is given, it runs again after the prelude, as pasted into that file.
* ``session``: a block without a title, run in its page's namespace, top to bottom, as a
  reader's shell would. A ``pycon`` block runs statement by statement, going on after an error.

RESULTS receives, for each job, the tracebacks of what it raised.
"""

import ast
import builtins
import importlib
import json
import os
import runpy
import textwrap
import traceback


def pieces(job: dict) -> list:
    if not job["repl"]:
        # A fragment may be indented where it belongs (an entry of a list): as a statement, not.
        return [textwrap.dedent(job["text"])]
    return [
        ast.Module(body=[node], type_ignores=[]) for node in ast.parse(job["text"]).body
    ]


def run_pieces(job: dict, namespace: dict) -> list[str]:
    errors = []
    for piece in pieces(job):
        try:
            exec(compile(piece, job["title"] or job["page"], "exec"), namespace)
        except BaseException:  # noqa: BLE001 (SystemExit too: a pasted block must not exit)
            errors.append(traceback.format_exc(limit=-3))
    return errors


def fragment_namespace(job: dict) -> dict:
    return {
        "__builtins__": builtins,
        "__name__": job["copy_name"],
        "__package__": job["package"],
        "__file__": job["file"],
    }


def run(job: dict, sessions: dict) -> list[str]:
    try:
        if job["kind"] == "file" and job["module"]:
            importlib.import_module(job["module"])
            return []
        if job["kind"] == "file":
            runpy.run_path(job["file"], run_name="__main__")
            return []
        if job["kind"] == "session":
            namespace = sessions.setdefault(
                job["page"], {"__builtins__": builtins, "__name__": "__main__"}
            )
            return run_pieces(job, namespace)
        errors = run_pieces(job, fragment_namespace(job))
        if (
            errors
            and job["prelude"] is not None
            and any("NameError" in error for error in errors)
        ):
            # Pasted into its file: what the file defines above the fragment is there.
            namespace = fragment_namespace(job)
            exec(compile(job["prelude"], job["file"], "exec"), namespace)
            errors = run_pieces(job, namespace)
        return errors
    except BaseException:  # noqa: BLE001
        return [traceback.format_exc(limit=-3)]


def main(jobs_path: str, results_path: str) -> None:
    with open(jobs_path) as file:
        jobs = json.load(file)
    sessions: dict = {}
    results = [run(job, sessions) for job in jobs]
    with open(results_path, "w") as file:
        json.dump(results, file)


main(os.environ["COPIED_BLOCKS_JOBS"], os.environ["COPIED_BLOCKS_RESULTS"])
