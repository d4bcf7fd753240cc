"""Hook-mark signatures: how a write made by a hook tells storage not to re-run that hook.

A mark is ``"<ts>,<hex HMAC-SHA1(key, '<kind>_for_<Class>:<ts>')>"`` with ``ts`` in
milliseconds; ``kind`` is ``__before`` or ``__after``. See PROTOCOL.md, "Hook loop
protection".
"""

from __future__ import annotations

import hmac
import time

from .credentials import timestamp_ms

BEFORE = "__before"
AFTER = "__after"
# A mark older than this is stale: hooks run again.
MAX_AGE_MS = 5 * 60 * 1000


def _digest(key: str, name: str, ts: str) -> str:
    return hmac.digest(key.encode(), f"{name}:{ts}".encode(), "sha1").hex()


def sign(key: str, name: str, ts: int | None = None) -> str:
    """Sign ``name`` (e.g. ``__before_for_Todo``) at ``ts`` ms (now by default)."""
    if ts is None:
        ts = int(time.time() * 1000)
    return f"{ts},{_digest(key, name, str(ts))}"


def mark_name(kind: str, class_name: str) -> str:
    return f"{kind}_for_{class_name}"


def verify(keys, name: str, mark, now_ms: int | None = None, max_age_ms: int = MAX_AGE_MS) -> bool:
    """True when ``mark`` is a fresh signature of ``name`` by any of ``keys``.

    ``keys`` is an iterable of candidate keys (the hook key and, for older
    platforms, the master key); empty ones are skipped. Comparison is constant-time.
    """
    if not isinstance(mark, str) or "," not in mark or not mark.isascii():
        return False  # compare_digest takes ASCII text only; a real mark is ASCII
    ts, _, signature = mark.partition(",")
    ts_ms = timestamp_ms(ts)
    if ts_ms is None:           # not digits, or too long for int() (a 500 otherwise)
        return False
    if now_ms is None:
        now_ms = int(time.time() * 1000)
    if abs(now_ms - ts_ms) > max_age_ms:
        return False
    valid = False
    for key in keys:
        if key and hmac.compare_digest(_digest(key, name, ts), signature):
            valid = True
    return valid
