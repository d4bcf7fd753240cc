"""The storage API as a WSGI application.

request -> route match -> bounded body -> credentials -> caller -> handler -> JSON answer.
Every failure answers LeanCloud's ``{"code", "error"}`` JSON, never an HTML page or a
traceback.
"""

from __future__ import annotations

import errno
import json
import logging
import sqlite3
from urllib.parse import parse_qsl

from werkzeug.datastructures import EnvironHeaders, Headers
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wrappers import Response
from werkzeug.wsgi import get_input_stream

from ..protocol import credentials as creds_mod
from ..protocol import errors, jsontext
from ..protocol.credentials import AppKeys, Credentials
from ..protocol.errors import LeanCloudError
from ..protocol.framing import head_only, single_line
from .caller import Caller
from .hooks import attach as attach_hooks
from .hooks.limits import deadline_from_environ
from .request import ApiRequest, Args, EncodedJson, Reply
from .routes import JSON_BODY_LIMIT, Router, build_router
from .services import Services, build_services
from .store import open_store

log = logging.getLogger("leanengine.server")

# Body fields that old JS SDKs use to carry headers and the method; never object fields.
ENVELOPE_FIELDS = frozenset(creds_mod.BODY_FIELDS) | {
    "_method", "_ClientVersion", "_InstallationId", "_ApplicationProduction", "_ContentType"}
# Browsers read only the origin on an answer; methods and max-age matter to a preflight.
CORS_HEADERS = {"Access-Control-Allow-Origin": "*"}
PREFLIGHT_HEADERS = {"Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
                     "Access-Control-Max-Age": "86400"}
_CORS_LIST = tuple(CORS_HEADERS.items())
UNAUTHORIZED = LeanCloudError(errors.UNAUTHORIZED, "Unauthorized.", status=401)
NOT_A_JSON_REQUEST = LeanCloudError(errors.INVALID_JSON,
                                    "This request cannot be made inside another one.")
STORAGE_UNAVAILABLE = LeanCloudError(
    errors.INTERNAL_SERVER_ERROR, "Storage unavailable: the data directory is full or read-only.",
    status=503)
# What a full, read-only or failing disk raises: from SQLite (whose transaction is rolled
# back, so nothing is half-written) or from a file write.
_DISK_ERRNOS = frozenset((errno.ENOSPC, errno.EROFS, errno.EFBIG, errno.EDQUOT, errno.EIO))
_DISK_MESSAGES = ("disk", "full", "readonly", "read-only", "unable to open")
_compact = jsontext.encoder()


def storage_unavailable(exc: Exception) -> bool:
    """Whether ``exc`` says the data directory cannot take a write (503, retry later)."""
    if isinstance(exc, sqlite3.OperationalError):
        message = str(exc).lower()
        return any(word in message for word in _DISK_MESSAGES)
    return isinstance(exc, OSError) and exc.errno in _DISK_ERRNOS


class JsonResponse:
    """A JSON answer as a WSGI callable: the hot path, lighter than a werkzeug Response."""

    __slots__ = ("status", "data", "headers")

    def __init__(self, body, status: int = 200, headers=None):
        self.status = f"{status} {HTTP_STATUS_CODES.get(status, 'Unknown')}"
        self.data = body.data if type(body) is EncodedJson else _compact(body).encode()
        self.headers = [("Content-Type", "application/json; charset=utf-8"),
                        ("Content-Length", str(len(self.data))), *_CORS_LIST]
        if headers:
            self.headers.extend((name, single_line(value)) for name, value in headers.items())

    def __call__(self, environ, start_response):
        start_response(self.status, self.headers)
        return [self.data]


def json_response(body, status: int = 200, headers=None) -> JsonResponse:
    return JsonResponse(body, status, headers)


def error_response(error: LeanCloudError) -> JsonResponse:
    return json_response(error.to_dict(), error.status)


def wsgi_text(value: str) -> str:
    """WSGI hands URL parts over as latin-1-decoded bytes; clients send UTF-8."""
    return value.encode("latin-1").decode("utf-8", "replace")


def decode_json(data: bytes):
    if not data.strip():
        return {}
    try:
        return jsontext.loads_client(data)
    except (ValueError, RecursionError):  # RecursionError: nested past the decoder's stack
        raise LeanCloudError(errors.INVALID_JSON,
                             "Malformed json object. A json dictionary is expected.") from None


def check_args(args: Args) -> Args:
    """Query-string values hold JSON (``where``, CQL's ``pvalues``...) that handlers decode
    later: one holding a lone surrogate is refused here, as in a body."""
    for _, value in args.items(multi=True):
        if jsontext.has_lone_surrogate(value):
            raise LeanCloudError(errors.INVALID_JSON, "Malformed json text in the query string.")
    return args


class ServerApp:

    def __init__(self, services: Services, router: Router):
        self.services = services
        self.router = router
        services.dispatch = self.dispatch
        services.match = self._match

    def attach_engine(self, engine) -> None:
        """Fire the engine's hooks on writes and forward ``/functions`` and ``/call`` to it;
        ``engine`` is a URL or the app's WSGI callable (see ``server.hooks``)."""
        attach_hooks(self, engine)

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET").upper()
        path = wsgi_text(environ.get("PATH_INFO", ""))
        if method == "HEAD":       # GET's status and headers, and no body (RFC 9110 9.3.2)
            return head_only(self._answer(environ, "GET", path)(environ, start_response))
        return self._answer(environ, method, path)(environ, start_response)

    def _answer(self, environ, method: str, path: str):
        try:
            response = self._handle(environ, method, path)
        except LeanCloudError as error:
            response = error_response(error)
        except Exception as exc:  # the wire never sees a traceback
            if storage_unavailable(exc):
                log.error("storage unavailable on %s %s: %s", method, path, exc)
                response = error_response(STORAGE_UNAVAILABLE)
            else:
                log.exception("internal error on %s %s", method, path)
                response = error_response(LeanCloudError(
                    errors.INTERNAL_SERVER_ERROR, "Internal server error.", status=500))
        return response

    # one HTTP request ---------------------------------------------------------------------

    def _handle(self, environ, method: str, path: str):
        """Straight from the WSGI environ (lighter than building a werkzeug Request)."""
        if method == "OPTIONS":
            allow = environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS", "")
            return json_response({}, headers={**PREFLIGHT_HEADERS,
                                              "Access-Control-Allow-Headers": allow})
        route, params = self._match(method, path, tolerate_method=(method == "POST"))
        query = wsgi_text(environ.get("QUERY_STRING", ""))
        body, raw, args = None, None, Args(parse_qsl(query, keep_blank_values=True) if query else ())
        if route is None or route.body == "json":
            body = decode_json(self._read(environ, route.max_body if route else JSON_BODY_LIMIT))
            override = body.pop("_method", None) if isinstance(body, dict) else None
            if isinstance(override, str) and override.upper() != method:
                method = override.upper()
                route, params = self._match(method, path)
                if method == "GET":
                    for key, value in body.items():
                        if key not in ENVELOPE_FIELDS:
                            args[key] = value if isinstance(value, str) else json.dumps(value)
            elif route is None:
                raise LeanCloudError(405, "Method not allowed.", status=405)
        else:
            raw = self._read(environ, route.max_body)
        if args:
            check_args(args)
        credentials = Credentials.from_environ(environ, body if isinstance(body, dict) else None)
        if isinstance(body, dict) and not ENVELOPE_FIELDS.isdisjoint(body):
            body = {k: v for k, v in body.items() if k not in ENVELOPE_FIELDS}
        caller = self._caller(route, credentials)
        caller.deadline = deadline_from_environ(environ)
        api_request = ApiRequest(method=method, path=path, params=params, args=args, json=body,
                                 caller=caller, services=self.services, raw=raw,
                                 headers=EnvironHeaders(environ), environ=environ)
        return self._reply(route.handler(api_request))

    def _match(self, method, path, tolerate_method=False):
        try:
            return self.router.match(method, path)
        except NotFound:
            raise LeanCloudError(404, f"Not found: {path}", status=404) from None
        except MethodNotAllowed:
            if tolerate_method:
                return None, {}
            raise LeanCloudError(405, "Method not allowed.", status=405) from None

    @staticmethod
    def _read(environ, limit: int) -> bytes:
        """The body, at most ``limit`` bytes (413 past it, announced or not); 408 when the
        client stops sending (the server's socket timeout)."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise LeanCloudError(errors.INVALID_JSON, "Invalid Content-Length.") from None
        if length > limit:
            raise LeanCloudError(errors.OBJECT_TOO_LARGE, "Request entity too large.", status=413)
        try:
            if length > 0:
                return environ["wsgi.input"].read(length)
            if "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
                return b""
            data = get_input_stream(environ).read(limit + 1)
        except TimeoutError:        # socket.timeout: no byte for the server's timeout
            raise LeanCloudError(errors.TIMEOUT, "Request timeout.", status=408) from None
        if len(data) > limit:
            raise LeanCloudError(errors.OBJECT_TOO_LARGE, "Request entity too large.", status=413)
        return data

    def _caller(self, route, credentials: Credentials) -> Caller:
        keys = self.services.keys
        level = creds_mod.authenticate(credentials, keys)
        if route.auth and level is None:
            raise UNAUTHORIZED
        caller = Caller(master=level == creds_mod.MASTER,
                        hook=creds_mod.has_hook_key(credentials, keys),
                        session_token=credentials.session_token,
                        production=credentials.production)
        if route.master and not caller.master:
            raise UNAUTHORIZED
        if credentials.session_token and level is not None:
            caller.user, caller.roles = self.services.resolve_caller(credentials.session_token)
        return caller

    @staticmethod
    def _reply(result):
        if isinstance(result, Response):
            return result
        if isinstance(result, Reply):
            if result.content_type is not None:
                response = Response(result.body, status=result.status,
                                    content_type=single_line(result.content_type))
                for name, value in {**CORS_HEADERS, **result.headers}.items():
                    response.headers[name] = single_line(value)
                return response
            return json_response(result.body, result.status, result.headers)
        return json_response(result)

    # sub-requests (batch) -----------------------------------------------------------------

    def dispatch(self, caller: Caller, method: str, path: str, body=None, params=None):
        """Run one request inside another with the same caller; answers the handler's
        result (a LeanCloudError propagates).  ``path`` may carry a query string."""
        path, _, query = path.partition("?")
        args = Args(parse_qsl(query, keep_blank_values=True) if query else ())
        for key, value in (params or {}).items():
            args[key] = value if isinstance(value, str) else json.dumps(value)
        route, url_params = self._match(method.upper(), path)
        if route.body != "json":        # a raw body (a file, a form), which JSON cannot carry
            raise NOT_A_JSON_REQUEST
        if route.master and not caller.master:
            raise UNAUTHORIZED
        if method.upper() == "GET" and isinstance(body, dict):
            for key, value in body.items():
                args[key] = value if isinstance(value, str) else json.dumps(value)
            body = {}
        check_args(args)
        request = ApiRequest(method=method.upper(), path=path, params=url_params, args=args,
                             json=body if body is not None else {}, caller=caller,
                             services=self.services, headers=Headers())
        result = route.handler(request)
        if isinstance(result, Reply):
            if result.content_type is not None:         # a page, an image: not JSON
                raise NOT_A_JSON_REQUEST
            return result.body
        return result


def create_app(data_dir: str, keys: AppKeys, store=None) -> ServerApp:
    """The API server for a data directory (SQLite in it unless ``store`` is given)."""
    services = build_services(store or open_store(data_dir), keys, data_dir)
    return ServerApp(services, build_router())
