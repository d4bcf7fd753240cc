"""One-time codes and tokens as stored records: ``_AuthCode`` objects (empty ACL, digests
only) holding purpose, target (a phone number, an address or the token itself), the user
they are for and expiry.

A record's id derives from its purpose and target, so a new code replaces the previous one
of the same purpose and target and is found again by primary key; a code is spent by its
first successful use.

Guesses are counted per code in a store counter, each guess taking its unit BEFORE the code
is compared, so concurrent guesses cannot pass ``codes.MAX_ATTEMPTS``: after that many a
code is burnt, and only that code (another target's code, or the next code of the same
target, starts afresh).
"""

from __future__ import annotations

import os
import time

from . import accounts, codes

AUTH_CODE = "_AuthCode"


def _code_id(purpose: str, target: str) -> str:
    return accounts.keyed_id("code", purpose, target)


def issue(services, purpose: str, target: str, ttl: float, user_id: str | None = None,
          code: str | None = None, extra: dict | None = None) -> str:
    """A fresh code for ``purpose`` and ``target`` (replacing the previous one); ``extra``
    fields are stored beside it. The record's id derives from purpose and target."""
    code, record = codes.issue(purpose, target, ttl=ttl, code=code)
    record_id = _code_id(purpose, target)
    with services.store.transaction():
        services.store.delete(AUTH_CODE, record_id)
        services.objects.create(accounts.master(), AUTH_CODE, {
            "objectId": record_id, "purpose": purpose, "target": target,
            "digest": record.digest, "expiresAt": record.expires_at, "issuedAt": time.time(),
            "blindBase": _blind_guesses(services, purpose),
            "userId": user_id, **(extra or {}), "ACL": accounts.PRIVATE})
    return code


def discard(services, purpose: str, target: str) -> None:
    """Take back a code that could not be delivered."""
    services.store.delete(AUTH_CODE, _code_id(purpose, target))


def spend(services, purposes: tuple, code, target: str | None = None) -> dict | None:
    """The code's record, deleted, when ``code`` is valid for one of ``purposes`` (and for
    ``target`` when given); None otherwise. Every guess at a stored code counts against it.

    With a target the records are read by id; without one (the SDKs' reset and verify
    calls that send only the code) they are searched by the code's digest.
    """
    if not isinstance(code, (str, int)) or str(code) == "":
        return None
    code = str(code)
    if target is None:
        return _spend_blind(services, purposes, code)
    rows = [row for row in (services.store.get(AUTH_CODE, _code_id(p, target))
                            for p in purposes) if row]
    return _spend_first_match(services, rows, code)


def _spend_first_match(services, rows: list, code: str) -> dict | None:
    for row in rows:
        if (_take_guess(services, row) and _issued(row).matches(code)
                and services.store.delete(AUTH_CODE, row["objectId"])):
            return row      # deleted by this guess: a concurrent right guess finds it gone
    return None


def _issued(row: dict) -> codes.IssuedCode:
    return codes.IssuedCode(row["purpose"], row["target"], row["digest"], row["expiresAt"])


def _take_guess(services, row: dict) -> bool:
    """Count one guess at the stored code, before it is compared; False once the code has
    taken ``codes.MAX_ATTEMPTS`` guesses. The counter names the code's digest, so a new
    code of the same target counts from zero, and lives as long as the code."""
    left = row["expiresAt"] - time.time()
    if left <= 0:
        return False
    key = f"code-guesses:{row['objectId']}:{row['digest']}"
    return services.store.add_to_counter(key, limit=codes.MAX_ATTEMPTS, idle=left) is not None


# --- codes checked without their target ----------------------------------------------------
# A guess that names no phone number is a guess at every outstanding code of its purpose at
# once, and a wrong one cannot be charged to any of them. So every such guess takes a number
# from one counter per purpose, and a code found this way is accepted only if at most
# ``blind_guess_limit()`` numbers (this guess's included) were taken since it was issued: its
# chance of being guessed this way stays below that many in a million, whatever the
# concurrency. Strangers' guesses never burn a code nor touch its guesses by number; a code
# that has seen that many still works with its number, and the next code starts afresh.

def blind_guess_limit() -> int:
    """``LEANENGINE_BLIND_CODE_GUESSES``, 1000 by default."""
    try:
        return max(1, int(os.environ.get("LEANENGINE_BLIND_CODE_GUESSES", 1000)))
    except ValueError:
        return 1000


def _blind_key(purpose: str) -> str:
    return f"blind-code-guesses:{purpose}"


def _blind_guesses(services, purpose: str) -> int:
    return services.store.add_to_counter(_blind_key(purpose), 0)


def _spend_blind(services, purposes: tuple, code: str) -> dict | None:
    numbers = {p: services.store.add_to_counter(_blind_key(p)) for p in purposes}
    rows = accounts.find_all(services, AUTH_CODE, {
        "purpose": {"$in": list(purposes)}, "digest": codes.digest(code),
        "expiresAt": {"$gt": time.time()}})
    limit = blind_guess_limit()
    exposed = [row for row in rows if numbers[row["purpose"]]
               - row.get("blindBase", numbers[row["purpose"]]) <= limit]
    return _spend_first_match(services, exposed, code)


def record_for(services, purpose: str, target: str) -> dict | None:
    """The stored record of ``purpose`` and ``target`` (expired or not), or None."""
    return services.store.get(AUTH_CODE, _code_id(purpose, target))


def lookup(services, purpose: str, token) -> dict | None:
    """The unexpired record of a token issued with itself as target, left in place."""
    if not isinstance(token, str) or not token:
        return None
    row = services.store.get(AUTH_CODE, _code_id(purpose, token))
    return row if row is not None and _issued(row).matches(token) else None
