"""Whether authData may log a client in or be linked to a user.

In order: the app's ``onAuthData`` hook, when the engine defines one, verifies the whole
authData (its answer is what is looked up and stored); otherwise each entry is
``anonymous`` (its id is the secret), a platform the operator trusts
(``LEANENGINE_TRUST_AUTHDATA``), or one a built-in verifier checks with its provider.
Anything else is refused: knowing someone's openid must never be enough.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from contextvars import ContextVar

from ....protocol import errors
from ....protocol.errors import LeanCloudError
from .. import events
from . import registry, shape
from .settings import current
from .verdicts import ProviderDown, Refused

ANONYMOUS = "anonymous"
INVALID_LINKED_SESSION = 251
_verified_here: ContextVar[frozenset] = ContextVar("authdata_verified_here", default=frozenset())


def verified(services, auth_data) -> dict:
    """``auth_data`` (every entry linking an account) checked and verified; answers what
    to look up and store. Raises a LeanCloudError when it cannot be."""
    shape.check_entries(auth_data, allow_unlink=False)
    answer = events.auth_data(services, auth_data)
    if answer is not None:   # the app's hook vouched for it
        return shape.check_entries(answer, allow_unlink=False)
    settings = current()
    for platform, entry in auth_data.items():
        _verify_entry(platform, entry, settings)
    return auth_data


def linked(services, caller, entries: dict) -> dict:
    """The entries a write of ``_User`` links: verified unless the master key writes them
    or this request verified them already (a login that signs a user up)."""
    shape.check_entries(entries, allow_unlink=False)
    if not entries or caller.master:
        return entries
    done = _verified_here.get()
    if all(_fingerprint(p, d) in done for p, d in entries.items()):
        return entries
    return verified(services, entries)


@contextmanager
def already_verified(auth_data: dict):
    """Within this block, writing these entries needs no second verification."""
    token = _verified_here.set(frozenset(_fingerprint(p, d) for p, d in auth_data.items()))
    try:
        yield
    finally:
        _verified_here.reset(token)


def _fingerprint(platform: str, entry) -> str:
    return json.dumps([platform, entry], sort_keys=True)


def _verify_entry(platform: str, entry: dict, settings) -> None:
    if settings.trusts(platform) or (platform == ANONYMOUS and "unionid" not in entry):
        return
    verifier = registry.verifier_for(platform, entry)
    reason = "no verifier is built in for it" if verifier is None else verifier.unavailable(settings)
    if reason is None and "unionid" in entry and not verifier.VOUCHES_FOR_UNIONID:
        reason = "its verifier cannot vouch for a unionid"
    if reason is not None:
        raise LeanCloudError(errors.OPERATION_FORBIDDEN, (
            f"authData.{platform} cannot be verified: {reason}. Verify it in an onAuthData "
            f"hook of the app's engine, or accept it unverified with "
            f"LEANENGINE_TRUST_AUTHDATA={platform} if the app verifies it elsewhere."))
    try:
        verifier.verify(entry, shape.identity(entry)[1], settings)
    except Refused as refusal:
        raise LeanCloudError(INVALID_LINKED_SESSION,
                             f"Invalid authData.{platform}: {refusal}.") from None
    except ProviderDown as down:
        raise LeanCloudError(errors.OTHER_CAUSE, (
            f"authData.{platform} could not be verified: its provider gave {down}; "
            "try again later."), status=502) from None
