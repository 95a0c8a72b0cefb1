"""Every thread that uses the ORM opens a database connection of its own.

Django closes connections at the end of each request, but a thread you start is
not a request: its connection stays open until the thread closes it. The
long-lived threads of a pool keep theirs for as long as the pool lives.
"""

from django.contrib.auth.models import User
from django.db import close_old_connections, connection


# --8<-- [start:broken]
def count_users_leaky():
    # The first query opens this thread's connection; nothing ever closes it.
    return User.objects.count()


# --8<-- [end:broken]


# --8<-- [start:fixed]
def count_users():
    try:
        return User.objects.count()
    finally:
        # Closes this thread's connection only; the next query opens a fresh one.
        connection.close()


# --8<-- [end:fixed]


# --8<-- [start:alternative]
def count_users_within_max_age():
    # What Django does around each request: drop the connection if it has
    # failed and is unusable, or is older than CONN_MAX_AGE.
    close_old_connections()
    try:
        return User.objects.count()
    finally:
        close_old_connections()


# --8<-- [end:alternative]
