"""Dates on the wire: ISO 8601 in UTC with millisecond precision and a ``Z``."""

from __future__ import annotations

import time
from datetime import datetime, timezone


def format_iso(value: datetime) -> str:
    """``2015-06-21T18:02:52.249Z`` for an aware or naive (taken as UTC) datetime."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> datetime:
    """An aware UTC datetime from the ISO forms LeanCloud clients send.

    Raises ValueError for anything else.
    """
    if not isinstance(text, str):
        raise ValueError("date must be a string")
    value = text.strip()
    if value.endswith("Z") or value.endswith("z"):
        value = value[:-1] + "+00:00"
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def encode_date(value: datetime) -> dict:
    return {"__type": "Date", "iso": format_iso(value)}


_last_second = (None, "")    # the last whole second stamped, and its text up to the dot


def now_iso() -> str:
    """``format_iso`` of the current time.  Every write stamps a date: the text of the
    current second is built once, leaving only the milliseconds to format per call."""
    global _last_second
    second, nanoseconds = divmod(time.time_ns(), 1_000_000_000)
    last = _last_second
    if last[0] != second:
        last = _last_second = (second, time.strftime("%Y-%m-%dT%H:%M:%S.", time.gmtime(second)))
    return f"{last[1]}{nanoseconds // 1_000_000:03d}Z"
