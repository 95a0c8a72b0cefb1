"""The caller goes on while the thread works: the "respond first" pattern."""

import threading

upload_processed = threading.Event()
slow_part_may_finish = threading.Event()


def make_thumbnail(filename):
    # Waiting on an event plays the slow part (resizing, an API call)
    # and lets this example decide exactly when it ends.
    slow_part_may_finish.wait(timeout=5)
    print(f"thumbnail of {filename} ready")
    upload_processed.set()


worker = threading.Thread(target=make_thumbnail, args=("cat.png",))
worker.start()
print("response sent; thumbnail done yet?", upload_processed.is_set())

slow_part_may_finish.set()
worker.join(timeout=5)
print("after join; thumbnail done?", upload_processed.is_set())
