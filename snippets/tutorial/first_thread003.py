"""A thread's target cannot return a value; a pool's Future can."""

from concurrent.futures import ThreadPoolExecutor


def word_count(text):
    return len(text.split())


with ThreadPoolExecutor(max_workers=2, thread_name_prefix="counter") as pool:
    futures = [pool.submit(word_count, text) for text in ("one two", "three four five")]
    # result() waits for that task and re-raises its exception, if it raised one.
    print("word counts:", [future.result(timeout=5) for future in futures])
