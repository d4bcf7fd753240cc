"""How the storage server reaches the engine: one request in, one answer out.

Two transports speak the same HTTP protocol (PROTOCOL.md, "Engine endpoints"):

- ``HttpTransport``: a separately running engine (``leanengine serve --engine-url``),
  over a pool of keep-alive connections.
- ``InProcessTransport``: the app's WSGI callable in this process (``leanengine up``),
  called with a WSGI environ built here, so the engine applies exactly the checks it
  applies to HTTP requests (app keys, hook key, time limits).

Both raise ``EngineUnreachable`` when no answer could be had and ``EngineTimedOut`` when
the answer did not come in time.
"""

from __future__ import annotations

import http.client
import io
import json
import sys
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from ... import context
from ...protocol import budget

CONNECT_SECONDS = 3.0  # at most, to open a connection to the engine


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
    """An engine at ``base_url`` (e.g. ``http://127.0.0.1:3000``), over a pool of
    keep-alive connections (``http.client``: a hook call is on every write, and it costs
    a third of what a ``requests`` call does)."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"engine URL must be http(s)://host[:port]: {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self._prefix = parts.path.rstrip("/")
        self._connection_class = (http.client.HTTPSConnection if parts.scheme == "https"
                                  else http.client.HTTPConnection)
        self._address = (parts.hostname, parts.port)
        self._idle: list = []

    def __repr__(self) -> str:
        return f"the engine at {self.base_url}"

    def send(self, method: str, path: str, body: bytes, headers: dict,
             deadline: float | None) -> EngineReply:
        timeout = None
        if deadline is not None:
            headers = {**headers, budget.HEADER: budget.header_value(deadline)}
            timeout = max(0.001, deadline - time.monotonic())
        headers = {**headers, "Content-Length": str(len(body))}
        while True:
            connection, reused = self._connection()
            if connection.sock is None:
                connection.timeout = min(CONNECT_SECONDS, timeout or CONNECT_SECONDS)
                try:
                    connection.connect()
                except OSError as exc:
                    connection.close()
                    raise EngineUnreachable(f"cannot connect to {self}: {exc}") from None
            try:
                connection.sock.settimeout(timeout)
                connection.request(method, self._prefix + path, body, headers)
                response = connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
                connection.close()
                if reused:  # the engine closed an idle connection: try a fresh one
                    continue
                raise EngineUnreachable(f"{self} closed the connection: {exc}") from None
            except TimeoutError:
                connection.close()
                raise EngineTimedOut(str(self)) from None
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                raise EngineUnreachable(f"cannot reach {self}: {exc}") from None
            if response.will_close:
                connection.close()
            else:
                self._idle.append(connection)
            return EngineReply(response.status,
                               response.getheader("Content-Type", "application/json"), data)

    def _connection(self):
        try:
            return self._idle.pop(), True
        except IndexError:
            host, port = self._address
            return self._connection_class(host, port), False


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
        return HttpTransport(engine)
    if callable(engine):
        return InProcessTransport(engine)
    raise TypeError(f"an engine is a URL or a WSGI callable, not {type(engine).__name__}")
