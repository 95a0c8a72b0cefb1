"""Send the welcome email from an async Django view with ``asyncio.create_task``.

The event loop keeps only a weak reference to a task, so the view keeps a strong
one in ``background_tasks`` until the task is done.
"""

import asyncio

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from snippets.ladder import welcome

background_tasks = set()


async def send_welcome_email(address):
    # The SMTP call blocks, so it runs in a thread; the event loop stays free for requests.
    await asyncio.to_thread(welcome.send_welcome_email, address)


@csrf_exempt
@require_POST
async def signup(request):
    task = asyncio.create_task(send_welcome_email(request.POST["email"]))
    background_tasks.add(task)
    task.add_done_callback(background_tasks.discard)
    return JsonResponse({"email": "queued"}, status=202)
