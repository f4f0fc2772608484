"""The one base of newsbot's own errors.

Every error newsbot raises on purpose (a feed that cannot be fetched, a schedule that does not parse, a database
that is not there) derives from :class:`NewsbotError`, and its message is one line a person can act on. Entry
points (the CLI, the worker loops, command handlers) catch this base to print or log that line, and leave
anything else to surface as the bug it is. Errors that are also a builtin kind keep that base too
(``class ScheduleError(NewsbotError, ValueError)``), so existing ``except ValueError`` callers still work.
"""

from __future__ import annotations


class NewsbotError(Exception):
    """An expected failure, worded for the person who has to act on it."""
