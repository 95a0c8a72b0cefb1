"""Broken and fixed versions of what goes wrong when a Django view starts a thread.

A plain package, not an installed app: it uses the ``accounts`` app's models.
"""
