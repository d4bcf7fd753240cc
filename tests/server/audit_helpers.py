"""Helpers of the audit tests (tests/server/test_audit_*.py), over users_server's Api."""

from __future__ import annotations

import uuid


def new_user(api) -> dict:
    """A signed-up user (its answer: objectId, sessionToken...)."""
    return api.sign_up("u" + uuid.uuid4().hex[:10])


def new_class() -> str:
    return "Audit" + uuid.uuid4().hex[:8]


def create(api, cls, token, **fields) -> str:
    status, body = api.post(f"/1.1/classes/{cls}", fields, token=token)
    assert status == 201, body
    return body["objectId"]


def stored(api, cls, object_id) -> dict:
    """The object as the master key sees it."""
    status, body = api.get(f"/1.1/classes/{cls}/{object_id}", master=True)
    assert status == 200, body
    return body
