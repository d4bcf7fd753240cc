"""Request bodies in, JSON answers out: the engine's side of the wire format.

Engine answers are always JSON, so they skip werkzeug's general ``Response`` machinery:
an ``Answer`` is a status and encoded bytes, written straight to the WSGI server. This
is most of what keeps a cloud function call within a small multiple of a bare WSGI app.
"""

from __future__ import annotations

from typing import NamedTuple

from werkzeug.http import HTTP_STATUS_CODES

from ..protocol import jsontext
from ..protocol.errors import INVALID_JSON
from .errors import LeanEngineError

MAX_BODY_BYTES = 20 * 1024 * 1024

# JSONDecoder.decode wraps its C scanner in two whitespace regex matches and two Python
# calls, which cost as much as the scan of a small body; jsontext.scan is called directly.
_JSON_SPACE = " \t\n\r"  # RFC 8259 whitespace, what json.loads skips around a value
# (No circular-reference check: a cyclic result fails with RecursionError, a 500 like any
# other unencodable result.)
_to_text = jsontext.encoder(ensure_ascii=False)


def too_large() -> LeanEngineError:
    return LeanEngineError(413, "Request entity too large.", 413)


def read_body(environ) -> bytes:
    """The request body; 413 past ``MAX_BODY_BYTES``, whether announced or streamed."""
    length = environ.get("CONTENT_LENGTH")
    if length and length.isascii() and length.isdigit():   # "²" is a digit int() refuses
        if len(length) > 12 or int(length) > MAX_BODY_BYTES:
            raise too_large()
        return environ["wsgi.input"].read(int(length))
    if not environ.get("wsgi.input_terminated"):  # no length, no body (PEP 3333)
        return b""
    stream, chunks, size = environ["wsgi.input"], [], 0  # chunked: read up to the limit
    while size <= MAX_BODY_BYTES:
        chunk = stream.read(MAX_BODY_BYTES + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > MAX_BODY_BYTES:
        raise too_large()
    return b"".join(chunks)


def parse_object(body: bytes) -> dict:
    """A JSON object from ``body`` (an empty body is ``{}``); 400 code 107 otherwise."""
    if not body or body.isspace():
        return {}
    try:
        text = body.decode("utf-8").strip(_JSON_SPACE)
        value, end = jsontext.scan(text, 0)
        if end != len(text) or jsontext.has_lone_surrogate(text):  # more after the value,
            value = None                                # or half a surrogate pair
    except (ValueError, StopIteration, RecursionError):  # UnicodeDecodeError is a ValueError
        value = None
    if not isinstance(value, dict):
        raise LeanEngineError(INVALID_JSON, "Malformed json object. A json dictionary is expected.", 400)
    return value


def public_params(params: dict) -> dict:
    """Drop what SDKs send for themselves (``_ApplicationId``...): names starting with
    ``_``, except ``__type``."""
    if not any(k[:1] == "_" for k in params):
        return params
    return {k: v for k, v in params.items() if k[:1] != "_" or k == "__type"}


def dumps(value) -> bytes:
    return _to_text(value).encode()


class Answer(NamedTuple):
    status: int
    body: bytes


# Every engine call ends in answer(): its encoding is written out and its tuple made by
# tuple.__new__, sparing the frames of dumps() and of the NamedTuple's own __new__.
_new_tuple = tuple.__new__


def answer(value, status: int = 200) -> Answer:
    return _new_tuple(Answer, (status, _to_text(value).encode()))


def error_answer(error: LeanEngineError) -> Answer:
    return Answer(error.status, dumps(error.to_dict()))


_STATUS_LINES = {code: f"{code} {reason}" for code, reason in HTTP_STATUS_CODES.items()}


def status_line(status: int) -> str:
    return _STATUS_LINES.get(status) or f"{status} UNKNOWN"


def send(answer: Answer, start_response, headers: list, head: bool = False) -> list[bytes]:
    """Write ``answer`` as the WSGI response, with ``headers`` added; for a HEAD request
    (``head``) its status and headers only: a body after them would be read as the start
    of the next answer on a kept-alive connection."""
    status = answer.status
    start_response(_STATUS_LINES.get(status) or status_line(status), [
        ("Content-Type", "application/json; charset=utf-8"),
        ("Content-Length", str(len(answer.body))),
        *headers,
    ])
    return [] if head else [answer.body]
