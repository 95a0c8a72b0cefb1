"""Test-only parts served beside the sign-up view of snippets/how_to/thread_signup/.

``runserver_settings.py`` makes this module the URLconf and ``ThreadJournal`` the email
backend, so that the tests of ``test_runserver_threads.py`` can see which threads run the
work without changing the shown view:

* ``probe/threads/`` answers with the name and the daemon flag of the thread that serves the
  request, and the daemon flag of a thread it starts as the sign-up view does
  (``threading.Thread(target=...)``) and of one made with ``daemon=False``.
* ``probe/non-daemon-email/`` sends an email from a thread started with ``daemon=False``,
  the variant a reader might try instead of the shown view.
* ``ThreadJournal`` writes the journal of ``tests/helpers/journal_email_backend.py`` and, before
  each email, ``thread of <address> daemon=<flag> in process <pid>``: the flag of the thread
  that sends it, and its process.
"""

import os
import threading

from django.core.mail import send_mail
from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.http import require_POST

from tests.helpers.journal_email_backend import JournalBackend


class ThreadJournal(JournalBackend):
    def send_messages(self, email_messages):
        flag = threading.current_thread().daemon
        for message in email_messages:
            for address in message.recipients():
                self._write(
                    f"thread of {address} daemon={flag} in process {os.getpid()}"
                )
        return super().send_messages(email_messages)


def thread_flags(request):
    # Started and joined, as a view's thread would be, only to read its flag.
    started = threading.Thread(target=lambda: None)
    started.start()
    started.join()
    explicit = threading.Thread(target=lambda: None, daemon=False)
    return JsonResponse(
        {
            "request_thread": threading.current_thread().daemon,
            "request_thread_name": threading.current_thread().name,
            "thread_it_starts": started.daemon,
            "thread_with_daemon_false": explicit.daemon,
        }
    )


@require_POST
def non_daemon_email(request):
    address = request.POST["email"]
    threading.Thread(
        target=send_mail,
        args=("Welcome", "Hello", None, [address]),
        daemon=False,
    ).start()
    return JsonResponse({}, status=202)


urlpatterns = [
    path("", include("signup_project.urls")),
    path("probe/threads/", thread_flags),
    path("probe/non-daemon-email/", non_daemon_email),
]
