"""Login lockout: six failed logins within 15 minutes lock an account.

The lock lasts until 15 minutes after the last failure. State is a plain list of
failure times (seconds since the epoch) so that it can live in any store.
"""

from __future__ import annotations

WINDOW = 15 * 60
MAX_FAILURES = 6


def is_locked(failures: list[float], now: float) -> bool:
    if len(failures) < MAX_FAILURES:
        return False
    last = sorted(failures)[-MAX_FAILURES:]
    return last[-1] - last[0] < WINDOW and now - last[-1] < WINDOW


def record_failure(failures: list[float], now: float) -> list[float]:
    """The failure list after one more failed attempt: only failures that can still
    form a group of six with it are kept."""
    kept = sorted(t for t in failures if now - t < WINDOW)
    return (kept + [now])[-MAX_FAILURES:]
