"""``/1.1/functions/<name>`` and ``/1.1/call/<name>`` on the storage server: passed on to the
attached engine as they came, with the caller's credentials (so the engine sees the
caller as ``engine.current.user``), body and query string; the engine's answer comes back
unchanged. The engine checks the credentials itself, exactly as on LeanCloud.
"""

from __future__ import annotations

from ...protocol import budget
from ...protocol.errors import OTHER_CAUSE, LeanCloudError
from ..request import Reply
from . import limits, refusals, runner_of
from .transport import EngineTimedOut, EngineUnreachable

FORWARDED_PREFIXES = ("HTTP_X_LC_", "HTTP_X_AVOSCLOUD_", "HTTP_X_ULURU_")
FORWARDED = ("HTTP_USER_AGENT", "HTTP_X_REAL_IP", "HTTP_FORWARDED", "HTTP_ORIGIN")
BODY_LIMIT = 20 * 1024 * 1024  # the engine's own bound


def register(router) -> None:
    router.add("/functions/<path:name>", ["GET", "POST"], forward, auth=False, body="raw",
               max_body=BODY_LIMIT)
    router.add("/call/<path:name>", ["POST"], forward, auth=False, body="raw",
               max_body=BODY_LIMIT)


def forward(req):
    runner = runner_of(req.services)
    if runner is None:
        raise LeanCloudError(OTHER_CAUSE, "No cloud engine is attached to this server "
                             "(start it with --engine-url).", status=404)
    environ = req.environ
    path = environ.get("PATH_INFO") or req.path
    if environ.get("QUERY_STRING"):
        path += "?" + environ["QUERY_STRING"]
    deadline = limits.deadline_for(limits.FUNCTION_SECONDS, req.caller.deadline)
    try:
        reply = runner.transport.send(req.method, path, req.raw or b"", _headers(environ),
                                      deadline)
    except EngineTimedOut:
        raise refusals.timed_out(f"the cloud function {req.params['name']}",
                                 limits.FUNCTION_SECONDS) from None
    except EngineUnreachable:
        raise LeanCloudError(OTHER_CAUSE, "The cloud engine could not be reached.",
                             status=502) from None
    return Reply(reply.body, status=reply.status, content_type=reply.content_type)


def _headers(environ) -> dict:
    headers = {"Content-Type": environ.get("CONTENT_TYPE") or "application/json"}
    for key, value in environ.items():
        if key.startswith(FORWARDED_PREFIXES) or key in FORWARDED:
            if key != budget.ENVIRON_KEY:
                headers[key[5:].replace("_", "-")] = value
    client = environ.get("REMOTE_ADDR")
    forwarded_for = environ.get("HTTP_X_FORWARDED_FOR")
    if forwarded_for or client:
        headers["X-Forwarded-For"] = ", ".join(p for p in (forwarded_for, client) if p)
    return headers
