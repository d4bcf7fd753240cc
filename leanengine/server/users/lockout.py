"""Lockouts after repeated failures: six failed logins within 15 minutes lock an account
until 15 minutes after the last failure; the same rule, with other numbers, guards codes
checked without a phone number.

State is a plain list of failure times (seconds since the epoch) so that it can live in
any store.
"""

from __future__ import annotations

WINDOW = 15 * 60
MAX_FAILURES = 6


def is_locked(failures: list[float], now: float, max_failures: int = MAX_FAILURES,
              window: float = WINDOW) -> bool:
    if len(failures) < max_failures:
        return False
    last = sorted(failures)[-max_failures:]
    return last[-1] - last[0] < window and now - last[-1] < window


def record_failure(failures: list[float], now: float, max_failures: int = MAX_FAILURES,
                   window: float = WINDOW) -> list[float]:
    """The failure list after one more failed attempt: only failures that can still
    form a locking group with it are kept."""
    kept = sorted(t for t in failures if now - t < window)
    return (kept + [now])[-max_failures:]
