"""The measurement harness: the measurements behind the guide's claims, importable by the
notebooks in ``docs/measurements/``, the tests in ``tests/test_benchmarks/`` and ``make bench``
(``python -m benchmarks.bench``, which writes ``results.json`` here).

Each topic module has ``measure(size="small" | "full") -> dict``: ``small`` is quick enough for a
test, ``full`` is what the notebooks and ``make bench`` run. ``settings`` and ``urls`` serve the
example project with the harness's own Django app, ``slow_work`` (views no page shows), under gunicorn.
"""
