"""How the storage server reaches the engine: one request in, one answer out.

Two transports speak the same HTTP protocol (PROTOCOL.md, "Engine endpoints"):

- ``HttpTransport``: a separately running engine (``leanengine serve --engine-url``),
  through a pooled ``requests`` session.
- ``InProcessTransport``: the app's WSGI callable in this process (``leanengine up``),
  called with a WSGI environ built here, so the engine applies exactly the checks it
  applies to HTTP requests (app keys, hook key, time limits).

Both raise ``EngineUnreachable`` when no answer could be had and ``EngineTimedOut`` when
the answer did not come in time.
"""

from __future__ import annotations

import io
import json
import sys
import time
from dataclasses import dataclass

import requests
from requests.adapters import HTTPAdapter

from ... import context
from ...protocol import budget

CONNECT_SECONDS = 3.0


class EngineUnreachable(Exception):
    """No answer from the engine (connection refused, reset, a crash in the app)."""


class EngineTimedOut(Exception):
    """The engine did not answer within the time limit."""


@dataclass
class EngineReply:
    status: int
    content_type: str
    body: bytes

    def json(self):
        """The decoded JSON answer; None when the body is not JSON."""
        try:
            return json.loads(self.body) if self.body else {}
        except (ValueError, UnicodeDecodeError):
            return None


class HttpTransport:
    """An engine at ``base_url`` (e.g. ``http://127.0.0.1:3000``)."""

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=64)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def __repr__(self) -> str:
        return f"the engine at {self.base_url}"

    def send(self, method: str, path: str, body: bytes, headers: dict,
             deadline: float | None) -> EngineReply:
        read_timeout = None
        if deadline is not None:
            headers = {**headers, budget.HEADER: budget.header_value(deadline)}
            read_timeout = max(0.001, _left(deadline))
        try:
            response = self.session.request(
                method, self.base_url + path, data=body, headers=headers,
                timeout=(min(CONNECT_SECONDS, read_timeout or CONNECT_SECONDS), read_timeout),
                allow_redirects=False)
        except requests.ConnectTimeout as exc:
            raise EngineUnreachable(f"cannot connect to {self}: {exc}") from None
        except requests.Timeout:
            raise EngineTimedOut(str(self)) from None
        except requests.RequestException as exc:
            raise EngineUnreachable(f"cannot reach {self}: {exc}") from None
        return EngineReply(response.status_code,
                           response.headers.get("Content-Type", "application/json"),
                           response.content)


class InProcessTransport:
    """The app's WSGI callable (an ``Engine``, or middleware around one) in this process.

    The call runs in the caller's thread or greenlet with ``leanengine.context``'s deadline
    set, which the engine honours as the limit of an enclosing call.
    """

    def __init__(self, wsgi_app):
        self.app = wsgi_app

    def __repr__(self) -> str:
        return "the in-process engine"

    def send(self, method: str, path: str, body: bytes, headers: dict,
             deadline: float | None) -> EngineReply:
        environ = _environ(method, path, body, headers)
        answer: dict = {}

        def start_response(status, response_headers, exc_info=None):
            answer["status"] = int(status.split(" ", 1)[0])
            answer["content_type"] = next(
                (v for k, v in response_headers if k.lower() == "content-type"),
                "application/json")
            return lambda data: answer.setdefault("written", []).append(data)

        token = context.activate(context.RequestContext(deadline=deadline))
        try:
            chunks = self.app(environ, start_response)
            try:
                data = b"".join(answer.get("written", [])) + b"".join(chunks)
            finally:
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()
        except Exception as exc:  # the app itself crashed: as if the engine were down
            raise EngineUnreachable(f"{self} failed: {type(exc).__name__}") from None
        finally:
            context.deactivate(token)
        if "status" not in answer:
            raise EngineUnreachable(f"{self} gave no answer")
        return EngineReply(answer["status"], answer["content_type"], data)


def _left(deadline: float) -> float:
    return deadline - time.monotonic()


def _environ(method: str, path: str, body: bytes, headers: dict) -> dict:
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "leanengine-storage",
        "SERVER_PORT": "0",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
        elif key != "CONTENT_LENGTH":
            environ["HTTP_" + key] = value
    environ.setdefault("CONTENT_TYPE", "application/json")
    return environ


def transport_for(engine):
    """A transport for a URL string or a WSGI callable."""
    if isinstance(engine, str):
        if not engine.startswith(("http://", "https://")):
            raise ValueError(f"engine URL must start with http:// or https://: {engine!r}")
        return HttpTransport(engine)
    if callable(engine):
        return InProcessTransport(engine)
    raise TypeError(f"an engine is a URL or a WSGI callable, not {type(engine).__name__}")
