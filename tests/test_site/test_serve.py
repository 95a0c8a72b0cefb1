"""`make serve` builds the site and answers over HTTP (on a free port here, 8000 by default)."""

import os
import signal
import subprocess
import threading
import urllib.request

from tests.helpers.snippets import ROOT
from tools import free_port


def test_make_serve_answers_with_the_home_page():
    port = free_port()
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"SERVE_ADDR=127.0.0.1:{port}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        # Executing the notebooks is the build test's job; here it would only double the wait.
        env={
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "THREAD_OR_QUEUE_EXECUTE_NOTEBOOKS": "false",
        },
    )
    serving = threading.Event()
    log = []

    def watch_output():
        for line in server.stdout:
            log.append(line)
            if "Serving on" in line:
                serving.set()

    watcher = threading.Thread(target=watch_output, daemon=True)
    watcher.start()
    try:
        assert serving.wait(timeout=180), (
            "mkdocs serve never said it was serving:\n" + "".join(log[-30:])
        )
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/", timeout=10
        ) as response:
            assert response.status == 200
            assert "Thread or Queue" in response.read().decode()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        watcher.join(timeout=5)
        server.stdout.close()
