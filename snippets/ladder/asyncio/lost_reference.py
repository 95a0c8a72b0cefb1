"""Why the view keeps its tasks in a set: the loop alone does not keep a task alive."""

import asyncio
import gc
import weakref


async def wait_for_smtp_reply():
    # A future nobody else refers to, like a reply on a socket only this task reads.
    await asyncio.get_running_loop().create_future()


async def main():
    loop = asyncio.get_running_loop()
    complaints = []
    loop.set_exception_handler(
        lambda loop, context: complaints.append(context["message"])
    )

    background_tasks = set()
    kept = asyncio.create_task(wait_for_smtp_reply())
    background_tasks.add(kept)
    dropped = weakref.ref(asyncio.create_task(wait_for_smtp_reply()))

    await asyncio.sleep(0)  # both tasks start and wait
    # A garbage collection can happen at any allocation; here it happens now.
    gc.collect()

    print("task kept in a set, still pending:", not kept.done())
    print(
        "task with no reference left:", "gone" if dropped() is None else "still there"
    )
    print("the loop reported:", complaints)
    kept.cancel()


asyncio.run(main())
