"""The answers a client gets when a hook refuses or fails, in LeanCloud's formats.

A before-hook (or onLogin) that raises refuses the request with code 142:
``Cloud Code validation failed. Error detail : <message>`` when the hook gave a plain
message, and ``... Error detail : {"code": <code>, "message": "<message>"}`` when it raised
with a code of its own (PROTOCOL.md, "Hook refusals seen on the wire"). A hook that runs
out of time answers 124; an engine that cannot be reached answers 142 saying so.
"""

from __future__ import annotations

import json

from ...protocol import errors
from ...protocol.errors import LeanCloudError

PREFIX = "Cloud Code validation failed. Error detail : "
# Codes a hook's error carries when the hook gave only a message: LeanEngineError("msg")
# answers 400, and 1 is the generic code of other SDKs.
PLAIN_CODES = frozenset((errors.OTHER_CAUSE, 400))


def refused(detail: str) -> LeanCloudError:
    return LeanCloudError(errors.VALIDATION_FAILED, PREFIX + detail, status=400)


def refused_by_hook(answer) -> LeanCloudError:
    """The 142 error for an engine's error answer ``{"code": ..., "error": ...}``."""
    if not isinstance(answer, dict):
        return refused("the cloud engine answered something that is not JSON.")
    code = answer.get("code")
    message = answer.get("error", answer.get("message", ""))
    if code is None or code in PLAIN_CODES:
        return refused(str(message))
    return refused(json.dumps({"code": code, "message": message}, ensure_ascii=False))


def timed_out(what: str, seconds: float) -> LeanCloudError:
    return LeanCloudError(errors.TIMEOUT,
                          f"Cloud Code timeout: {what} did not answer within {seconds:g} s.",
                          status=503)


def unreachable(what: str, reason: str) -> LeanCloudError:
    return refused(f"{what} could not run: {reason}.")
