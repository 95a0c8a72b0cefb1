"""A daemon thread is dropped when the program ends; a normal thread is waited for."""

import subprocess
import sys

# The same tiny program runs twice in a fresh interpreter, once per kind of thread.
PROGRAM = """
import threading
import time

def send_welcome_email():
    time.sleep(0.2)  # stands for a slow SMTP server
    print("email sent")

threading.Thread(target=send_welcome_email, daemon={daemon}).start()
print("main thread ends")
"""

for daemon in (False, True):
    run = subprocess.run(
        [sys.executable, "-c", PROGRAM.format(daemon=daemon)],
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
    )
    print(f"daemon={daemon}: {run.stdout.splitlines()}")
