"""The measurement harness's Django app: views no page shows, served under ``slow/`` by
``benchmarks.settings``.

``views``: one slow call, handed off in different ways, for the response-time measurement
(``benchmarks/response_time.py``). ``gated``: a background task a test in another process can
hold running, for the tests of the background helper under gunicorn.
"""
