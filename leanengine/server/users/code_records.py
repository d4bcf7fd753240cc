"""One-time codes and tokens as stored records: ``_AuthCode`` objects (empty ACL, digests
only) holding purpose, target (a phone number, an address or the token itself), the user
they are for, expiry and wrong guesses.

A record's id derives from its purpose and target, so a new code replaces the previous one
of the same purpose and target and is found again by primary key; a code is spent by its
first successful use.
"""

from __future__ import annotations

import time

from . import accounts, codes, lockout

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
            "attempts": 0,
            "userId": user_id, **(extra or {}), "ACL": accounts.PRIVATE})
    return code


def spend(services, purposes: tuple, code, target: str | None = None) -> dict | None:
    """The code's record, deleted, when ``code`` is valid for one of ``purposes`` (and for
    ``target`` when given); None otherwise. A wrong guess against a known target counts.

    With a target the records are read by id; without one (the SDKs' reset and verify
    calls that send only the code) they are searched by the code's digest.
    """
    if not isinstance(code, (str, int)) or str(code) == "":
        return None
    if target is not None:
        rows = [row for row in (services.store.get(AUTH_CODE, _code_id(p, target))
                                for p in purposes) if row]
    else:
        if _blind_guessing_locked(services, purposes):
            return None
        rows = accounts.find_all(services, AUTH_CODE, {
            "purpose": {"$in": list(purposes)}, "digest": codes.digest(str(code)),
            "expiresAt": {"$gt": time.time()}})
        if not rows:
            _record_blind_failure(services, purposes)
    master = accounts.master()
    for row in rows:
        record = codes.IssuedCode(row["purpose"], row["target"], row["digest"],
                                  row["expiresAt"], row.get("attempts") or 0)
        if record.matches(str(code)):
            services.objects.delete(master, AUTH_CODE, row["objectId"])
            return row
        services.objects.update(master, AUTH_CODE, row["objectId"],
                                {"attempts": {"__op": "Increment", "amount": 1}})
    return None


# Codes checked without their phone number could be guessed across every outstanding
# code at once: past this many misses in the window, such checks fail until it passes.
MAX_BLIND_FAILURES = 100


def _blind_failures_id(purposes) -> str:
    return accounts.keyed_id("blind-failures", *sorted(purposes))


def _blind_guessing_locked(services, purposes) -> bool:
    record = services.store.get(AUTH_CODE, _blind_failures_id(purposes)) or {}
    return lockout.is_locked(record.get("failures") or [], time.time(), MAX_BLIND_FAILURES)


def _record_blind_failure(services, purposes) -> None:
    record_id = _blind_failures_id(purposes)
    with services.store.transaction():
        current = services.store.get(AUTH_CODE, record_id)
        failures = lockout.record_failure((current or {}).get("failures") or [], time.time(),
                                          MAX_BLIND_FAILURES)
        if current:
            services.objects.update(accounts.master(), AUTH_CODE, record_id,
                                    {"failures": failures})
        else:
            services.objects.create(accounts.master(), AUTH_CODE, {
                "objectId": record_id, "purpose": "blind-failures", "failures": failures,
                "ACL": accounts.PRIVATE})


def record_for(services, purpose: str, target: str) -> dict | None:
    """The stored record of ``purpose`` and ``target`` (expired or not), or None."""
    return services.store.get(AUTH_CODE, _code_id(purpose, target))


def lookup(services, purpose: str, token) -> dict | None:
    """The unexpired record of a token issued with itself as target, left in place."""
    if not isinstance(token, str) or not token:
        return None
    row = services.store.get(AUTH_CODE, _code_id(purpose, token))
    if row is None:
        return None
    record = codes.IssuedCode(row["purpose"], row["target"], row["digest"], row["expiresAt"],
                              row.get("attempts") or 0)
    return row if record.matches(token) else None
