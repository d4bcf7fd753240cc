"""``leanengine up``: the app and the storage API on one port, for development.

Like LeanCloud's ``lean up``: requests for the app's cloud functions and hooks
(``/1.1/functions``, ``/1.1/call``, ``/__engine/``) and its web pages go to the app; the
rest of ``/1.1/`` and ``/1/`` is the storage API. Keys come from ``LEANCLOUD_APP_*`` when
set, otherwise they are generated on the first run and kept in the data directory.
"""

from __future__ import annotations

import importlib
import json
import os
import secrets
import string
import sys

from .protocol.credentials import AppKeys

KEYS_FILE = "keys.json"
ENGINE_PREFIXES = ("/1.1/functions", "/1/functions", "/1.1/call", "/1/call", "/__engine/")
API_PREFIXES = ("/1.1/", "/1/")
# Path parts after which the API's urls carry a one-time code or token.
SECRET_PATH_PARENTS = frozenset(("verifyMobilePhone", "verifySmsCode", "resetPasswordBySmsCode",
                                 "resetPassword", "verifyEmail", "fileUploads", "captchas"))


def _random_key(length: int) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length))


def load_or_create_keys(data_dir: str, environ=os.environ) -> tuple[AppKeys, str]:
    """The app's keys and where they came from, for the start-up message."""
    if environ.get("LEANCLOUD_APP_ID"):
        return AppKeys(environ["LEANCLOUD_APP_ID"], environ.get("LEANCLOUD_APP_KEY"),
                       environ.get("LEANCLOUD_APP_MASTER_KEY"),
                       environ.get("LEANCLOUD_APP_HOOK_KEY")), "from the environment"
    path = os.path.join(data_dir, KEYS_FILE)
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return AppKeys(**json.load(f)), f"from {path}"
    os.makedirs(data_dir, exist_ok=True)
    keys = AppKeys(app_id=_random_key(24) + "-MdYXbMMI", app_key=_random_key(24),
                   master_key=_random_key(24), hook_key=_random_key(24))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(keys.__dict__, f, indent=2)
    return keys, f"generated now and saved in {path}"


def export_to_environment(keys: AppKeys, api_server: str, environ=os.environ) -> None:
    """Point the app's SDK at the local API, the way LeanEngine's environment did."""
    environ["LEANCLOUD_APP_ID"] = keys.app_id
    for name, value in (("LEANCLOUD_APP_KEY", keys.app_key),
                        ("LEANCLOUD_APP_MASTER_KEY", keys.master_key),
                        ("LEANCLOUD_APP_HOOK_KEY", keys.hook_key)):
        if value:
            environ[name] = value
    environ["LEANCLOUD_API_SERVER"] = api_server


def import_app(spec: str):
    """``module:attribute`` (attribute defaults to ``app``), importable from the cwd.

    A module that is not there, or lacks the attribute, is a usage error (one line, exit
    status 2). An app that fails while importing (a syntax error in a saved file) is
    answered by ``broken_app`` instead, so the reloader keeps watching and loads the
    fixed code, as ``lean up`` did."""
    module_name, _, attribute = spec.partition(":")
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and module_name.startswith(error.name):
            _usage_error(f"no module {error.name!r} (from --app {spec}, looked up in "
                         f"{os.getcwd()})")
        return broken_app(spec)
    except Exception:  # the app's own code failed: show it, serve an error page meanwhile
        return broken_app(spec)
    try:
        return getattr(module, attribute or "app")
    except AttributeError:
        _usage_error(f"{module_name} has no attribute {attribute or 'app'!r}")


def _usage_error(message: str):
    print(f"leanengine up: {message}", file=sys.stderr)
    raise SystemExit(2)


def broken_app(spec: str):
    """A WSGI app answering 500 with the import error, printed once with its traceback."""
    import traceback

    summary = traceback.format_exc().strip().splitlines()[-1]
    traceback.print_exc()
    print(f"leanengine up: {spec} failed to load ({summary}); "
          f"save a fix and it reloads", file=sys.stderr, flush=True)
    body = json.dumps({"code": 1, "error": f"The app failed to load: {summary}"}).encode()

    def app(environ, start_response):
        start_response("500 Internal Server Error",
                       [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return app


def redacted_target(target: str) -> str:
    """A request's path as the log shows it: without the query string (a login by GET has
    the password there, ``users/me`` the session token) and without codes in the path."""
    path, question, _ = target.partition("?")
    parts = path.split("/")
    for i in range(1, len(parts)):
        if parts[i - 1] in SECRET_PATH_PARENTS:
            parts[i] = "***"
    return "/".join(parts) + ("?***" if question else "")


def _request_handler():
    """werkzeug's request handler, logging redacted request lines."""
    from werkzeug.serving import WSGIRequestHandler

    class RedactingRequestHandler(WSGIRequestHandler):
        def log_request(self, code="-", size="-") -> None:
            line = f"{getattr(self, 'command', '-')} " \
                   f"{redacted_target(getattr(self, 'path', '') or '')}"
            self.log("info", '"%s" %s %s', line.translate(self._control_char_table), code, size)

    return RedactingRequestHandler


class DevDispatcher:
    """One WSGI app in front of the user's app and the storage API.

    Stored files are served at the root (a file's url is ``/<key>``), so a GET outside the
    API goes to the API when a file has that path, and to the app otherwise.
    """

    def __init__(self, api, app, is_file=None):
        self.api = api
        self.app = app
        self.is_file = is_file or (lambda path: False)

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(API_PREFIXES):
            to_api = not path.startswith(ENGINE_PREFIXES)
        else:
            to_api = environ.get("REQUEST_METHOD") in ("GET", "HEAD") and self.is_file(path)
        return (self.api if to_api else self.app)(environ, start_response)


def run(args) -> int:
    """Serve the app and the API on one port, reloading the app when its code changes."""
    import logging

    from werkzeug.serving import is_running_from_reloader, run_simple

    from .server import create_app
    from .server.files.routes import has_file_at

    data_dir = os.path.abspath(args.data)
    keys, source = load_or_create_keys(data_dir)
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "") else args.host
    api_server = f"http://{shown_host}:{args.port}"
    export_to_environment(keys, api_server)
    app = import_app(args.app)
    if not is_running_from_reloader():
        print(f"leanengine up: {args.app} and the storage API on {api_server}\n"
              f"  keys ({source}):\n"
              f"    LEANCLOUD_APP_ID={keys.app_id}\n"
              f"    LEANCLOUD_APP_KEY={keys.app_key}\n"
              f"    LEANCLOUD_APP_MASTER_KEY={keys.master_key}\n"
              f"    LEANCLOUD_APP_HOOK_KEY={keys.hook_key}\n"
              f"  LEANCLOUD_API_SERVER={api_server}\n"
              f"  data in {data_dir}", flush=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    api = create_app(data_dir, keys)
    api.attach_engine(app)  # the API fires the app's hooks in-process
    dispatcher = DevDispatcher(api, app, is_file=lambda path: has_file_at(api.services, path))
    run_simple(args.host, args.port, dispatcher, use_reloader=args.reload,
               threaded=True, use_debugger=False, request_handler=_request_handler())
    return 0

