"""The ``leanengine`` command: ``leanengine serve`` runs the storage API server, ``up`` an app
with it, ``import`` loads LeanCloud's data export, ``index`` indexes fields of a class."""

from __future__ import annotations

import argparse
import os
import sys

from .protocol.credentials import AppKeys
from .version import __version__


class UsageError(Exception):
    """A mistake on the command line or in its surroundings: one line, exit status 2."""


def data_directory(path: str, create: bool) -> str:
    """The absolute data directory; ``create`` for the commands that may start a new one
    (``serve``, ``up``, ``import``), the others refuse a directory that isn't there, so a
    mistyped ``--data`` never looks like an empty app."""
    path = os.path.abspath(path)
    if os.path.exists(path) and not os.path.isdir(path):
        raise UsageError(f"--data {path} is a file, not a directory")
    if not os.path.exists(path) and not create:
        raise UsageError(f"--data {path} does not exist (serve, up and import create one)")
    return path


def keys_from_environ(environ=os.environ) -> AppKeys | None:
    app_id = environ.get("LEANCLOUD_APP_ID")
    if not app_id:
        return None
    return AppKeys(app_id=app_id, app_key=environ.get("LEANCLOUD_APP_KEY"),
                   master_key=environ.get("LEANCLOUD_APP_MASTER_KEY"),
                   hook_key=environ.get("LEANCLOUD_APP_HOOK_KEY"))


def no_delay_server():
    """gevent's WSGIServer with TCP_NODELAY on each connection (pywsgi writes the headers
    and the body separately, and Nagle plus delayed ACKs would add 40 ms to every
    keep-alive request) and a timeout on each read and write (LEANENGINE_SOCKET_TIMEOUT,
    seconds, default 60)."""
    import socket

    from gevent.pywsgi import WSGIServer

    # A connection that sends nothing for this long (slow headers or body, an idle
    # keep-alive) is closed, so slow clients cannot hold every socket (as nginx's timeouts).
    timeout = float(os.environ.get("LEANENGINE_SOCKET_TIMEOUT") or 60)

    class NoDelayWSGIServer(WSGIServer):
        def handle(self, sock, address):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(timeout)
            super().handle(sock, address)

    return NoDelayWSGIServer


def serve(args) -> int:
    """Production server: gevent's WSGI server in front of the API."""
    import warnings

    from gevent import monkey

    # requests (imported by the package) already loaded ssl; the server itself speaks plain
    # HTTP, so the late ssl patch is harmless.
    import gc

    warnings.filterwarnings("ignore", category=monkey.MonkeyPatchWarning)
    monkey.patch_all()
    import logging

    from .server import create_app

    data_dir = data_directory(args.data, create=True)
    keys = keys_from_environ()
    if keys is None:
        print("leanengine serve: set LEANCLOUD_APP_ID, LEANCLOUD_APP_KEY and "
              "LEANCLOUD_APP_MASTER_KEY", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    app = create_app(data_dir, keys)
    if args.engine_url:
        app.attach_engine(args.engine_url)
    # Startup's objects (modules, the CQL grammar, routes) are never garbage: kept out of the
    # collector's full passes, which cost 15 ms each and land on some request.
    gc.freeze()
    server = no_delay_server()((args.host, args.port), app, log=None)
    try:
        server.start()
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {reason}") from None
    print(f"leanengine: storage API on http://{args.host}:{args.port} "
          f"(data in {data_dir})", flush=True)
    server.serve_forever()
    return 0


def _up(args) -> int:
    from .devserver import run

    args.data = data_directory(args.data, create=True)
    return run(args)


def _import(args) -> int:
    from .importer import run

    return run(args.paths, data_directory(args.data, create=True), args.class_name)


def _index(args) -> int:
    from .indexes import run

    return run(args.class_name, args.keys, data_directory(args.data, create=False))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="leanengine")
    parser.add_argument("--version", action="version", version=f"leanengine {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_cmd = commands.add_parser("serve", help="run the storage API server (production)")
    serve_cmd.add_argument("--host", default="0.0.0.0", help="address to listen on (default 0.0.0.0)")
    serve_cmd.add_argument("--port", type=int, default=int(os.environ.get("LEANCLOUD_APP_PORT", 3000)),
                           help="port (default $LEANCLOUD_APP_PORT or 3000)")
    serve_cmd.add_argument("--data", default=".leanengine",
                           help="directory of the SQLite database and stored files (default .leanengine)")
    serve_cmd.add_argument("--engine-url", default=None, metavar="URL",
                           help="the app's engine (e.g. http://127.0.0.1:3000): its hooks run "
                                "on writes, /1.1/functions and /1.1/call reach it")
    serve_cmd.set_defaults(run=serve)
    up_cmd = commands.add_parser("up", help="run an app and the storage API on one port (development)")
    up_cmd.add_argument("--app", default="wsgi:app", help="MODULE:ATTR of the WSGI app (default wsgi:app)")
    up_cmd.add_argument("--host", default="127.0.0.1")
    up_cmd.add_argument("--port", type=int, default=int(os.environ.get("LEANCLOUD_APP_PORT", 3000)))
    up_cmd.add_argument("--data", default=".leanengine")
    up_cmd.add_argument("--no-reload", dest="reload", action="store_false",
                        help="do not restart when the code changes")
    up_cmd.set_defaults(run=_up)
    import_cmd = commands.add_parser(
        "import", help="load LeanCloud's data export (JSON / JSON Lines) into the data directory")
    import_cmd.add_argument("paths", nargs="+", metavar="PATH",
                            help="export files, or directories of them (one file per class: "
                                 "Todo.jsonl, Todo.json; relations: _Join:<key>:<Owner>.json)")
    import_cmd.add_argument("--data", default=".leanengine",
                            help="the data directory serve/up use (default .leanengine)")
    import_cmd.add_argument("--class", dest="class_name", default=None, metavar="NAME",
                            help="the class of a single file not named after it")
    import_cmd.set_defaults(run=_import)
    index_cmd = commands.add_parser(
        "index", help="index fields of a class, for its queries (equality, ranges, order)")
    index_cmd.add_argument("class_name", metavar="CLASS")
    index_cmd.add_argument("keys", nargs="+", metavar="KEY",
                           help="fields of the class; owner.objectId for queries on the "
                                "pointer owner")
    index_cmd.add_argument("--data", default=".leanengine",
                           help="the data directory serve/up use (default .leanengine)")
    index_cmd.set_defaults(run=_index)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except UsageError as error:
        print(f"leanengine {args.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
