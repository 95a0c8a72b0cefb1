"""Start a thread with arguments, then wait for it with join()."""

import threading


def send_welcome_email(address, subject):
    print(f"sending {subject!r} to {address}")


worker = threading.Thread(
    target=send_welcome_email,
    args=("ada@example.com",),
    kwargs={"subject": "Welcome aboard"},
    name="welcome-email",
)
print("alive before start():", worker.is_alive())
worker.start()
worker.join(timeout=5)  # a bound, so a stuck thread cannot hang the program
print("alive after join():", worker.is_alive())
