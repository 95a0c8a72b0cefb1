"""Run code blocks as a reader pasted them: the runner ``test_copied_blocks.py`` starts.

Started alone (``python copied_blocks_runner.py``) or inside an example project (``manage.py
shell``, with Django set up for it), with the environment naming two files: JOBS, a JSON list of
blocks, and RESULTS. Each block runs
as a module of the file its title names (``__file__`` is that file, a relative import works), or,
without a title, in its page's session, one namespace per page from top to bottom, as a reader's
shell would. A ``pycon`` block runs statement by statement, going on after an error, as pasted
into Python's shell. RESULTS receives, for each block, the tracebacks of what it raised.
"""

import ast
import builtins
import json
import os
import traceback


def run(job: dict, sessions: dict) -> list[str]:
    if job["file"]:
        package = job["package"]
        namespace = {
            "__builtins__": builtins,
            "__file__": job["file"],
            # A name of its own: the project has imported the real module already.
            "__name__": f"{package}.{job['stem']}_as_copied" if package else "__main__",
            "__package__": package,
        }
    else:
        namespace = sessions.setdefault(
            job["page"], {"__builtins__": builtins, "__name__": "__main__"}
        )
    where = job["title"] or job["page"]
    if job["repl"]:
        statements = ast.parse(job["text"]).body
        pieces = [
            ast.Module(body=[statement], type_ignores=[]) for statement in statements
        ]
    else:
        pieces = [job["text"]]
    errors = []
    for piece in pieces:
        try:
            exec(compile(piece, where, "exec"), namespace)
        except BaseException:  # noqa: BLE001 (SystemExit too: a pasted block must not exit)
            errors.append(traceback.format_exc(limit=-3))
    return errors


def main(jobs_path: str, results_path: str) -> None:
    with open(jobs_path) as file:
        jobs = json.load(file)
    sessions: dict = {}
    results = [run(job, sessions) for job in jobs]
    with open(results_path, "w") as file:
        json.dump(results, file)


main(os.environ["COPIED_BLOCKS_JOBS"], os.environ["COPIED_BLOCKS_RESULTS"])
