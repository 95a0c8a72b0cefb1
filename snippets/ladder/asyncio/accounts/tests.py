"""Tests of the async sign-up: the task it starts on the event loop sends the email.

`python -m pytest` runs them.
"""

import asyncio

from django.core import mail
from django.test import TransactionTestCase

from accounts import views


# The email's thread reads the user on a connection of its own, so the test commits
# for real: TransactionTestCase, not TestCase.
class SignupTests(TransactionTestCase):
    # Django runs an async test method in an event loop of its own, and AsyncClient
    # calls the view in that loop, as an ASGI server would: the view's task runs there
    # after the response, so the test waits for it.
    async def test_signup_sends_the_welcome_email(self):
        response = await self.async_client.post(
            "/signup/", {"username": "ada", "email": "ada@example.com"}
        )
        self.assertEqual(response.status_code, 201)
        # The view keeps each task it started in this set until the task is done.
        await asyncio.gather(*views.background_tasks)
        self.assertEqual([message.to for message in mail.outbox], [["ada@example.com"]])
        self.assertEqual(mail.outbox[0].body, "Hello ada, welcome aboard!")
