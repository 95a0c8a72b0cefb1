"""One run at a time across all your servers, with a row of the database as the lock.

It needs nothing but a unique column, so it works on every database Django supports,
SQLite included.
"""

import os
import socket
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.utils import timezone

from reminders.models import RunLock


class LockHeld(Exception):
    """Another run holds the lock: this one should do nothing."""


@contextmanager
def run_lock(name, expires_after):
    """Hold the lock ``name`` for the ``with`` block, or raise ``LockHeld`` at once.

    A run that ends, even by an exception, frees the lock. A run that is killed cannot:
    its lock counts until ``expires_after`` (a timedelta) has passed since it was
    taken, so make that longer than your longest run.
    """
    holder = f"{socket.gethostname()} pid {os.getpid()}"
    now = timezone.now()
    try:
        with transaction.atomic():
            RunLock.objects.filter(name=name, expires_at__lte=now).delete()
            # The primary key lets one INSERT through; a second one, from any server,
            # fails with IntegrityError.
            RunLock.objects.create(
                name=name, holder=holder, expires_at=now + expires_after
            )
    except IntegrityError:
        held = RunLock.objects.filter(name=name).first()
        who = f": {held.holder}, until {held.expires_at:%H:%M:%S %Z}" if held else ""
        raise LockHeld(f"another run holds the lock {name!r}{who}") from None
    try:
        yield
    finally:
        RunLock.objects.filter(name=name, holder=holder).delete()
