"""Measurements behind the guide's claims, importable by the notebooks, the tests and ``make bench``.

Each topic module has ``measure(size="small" | "full") -> dict``: ``small`` is quick enough for a
test, ``full`` is what the notebooks and ``make bench`` run.
"""
