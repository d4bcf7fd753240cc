"""Request bodies in, JSON answers out: the engine's side of the wire format."""

from __future__ import annotations

import json

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response
from werkzeug.wsgi import get_input_stream

from ..protocol.errors import INVALID_JSON
from .errors import LeanEngineError

MAX_BODY_BYTES = 20 * 1024 * 1024


def read_body(environ) -> bytes:
    """The request body; 413 past ``MAX_BODY_BYTES``, whether announced or streamed."""
    try:
        return get_input_stream(environ, max_content_length=MAX_BODY_BYTES).read()
    except RequestEntityTooLarge:
        raise LeanEngineError(413, "Request entity too large.", 413) from None


def parse_object(body: bytes) -> dict:
    """A JSON object from ``body`` (an empty body is ``{}``); 400 code 107 otherwise."""
    if not body.strip():
        return {}
    try:
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        value = None
    if not isinstance(value, dict):
        raise LeanEngineError(INVALID_JSON, "Malformed json object. A json dictionary is expected.", 400)
    return value


def public_params(params: dict) -> dict:
    """Drop what SDKs send for themselves (``_ApplicationId``...): names starting with
    ``_``, except ``__type``."""
    return {k: v for k, v in params.items() if k[:1] != "_" or k == "__type"}


def dumps(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def json_response(value, status: int = 200) -> Response:
    return Response(dumps(value), status=status, mimetype="application/json")


def error_response(error: LeanEngineError) -> Response:
    return json_response(error.to_dict(), error.status)
