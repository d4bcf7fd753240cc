"""How much time a request has left, carried from one process to the next.

A cloud function runs for at most 15 s, and anything it triggers (a save that fires a
beforeSave hook, a call of another function) must finish within what is left. Inside a
process the deadline lives in ``leanengine.context`` (a ``time.monotonic()`` value). Over
HTTP it travels as the header below: the milliseconds left when the request was sent. The
SDK adds it to every request made while a deadline is set; the storage server reads it
into the caller's deadline and passes what is left on to the engine with each hook call.
A client can only shorten its own time with it, never lengthen it.
"""

from __future__ import annotations

import time

HEADER = "X-LeanEngine-Time-Left"
ENVIRON_KEY = "HTTP_X_LEANENGINE_TIME_LEFT"


def header_value(deadline: float, now: float | None = None) -> str:
    """The header's value for a monotonic ``deadline``: whole milliseconds left, at least 0."""
    left = deadline - (time.monotonic() if now is None else now)
    return str(max(0, int(left * 1000)))


def deadline_from(value, now: float | None = None) -> float | None:
    """The monotonic deadline a header value means here, or None when absent or malformed."""
    if not isinstance(value, str) or not value.strip().isdigit():
        return None
    return (time.monotonic() if now is None else now) + int(value.strip()) / 1000.0
