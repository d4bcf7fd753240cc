"""Serving an Engine by itself: werkzeug's development server, or gevent's WSGI server."""

from __future__ import annotations

from .. import config


def run_development(app, host: str = "127.0.0.1", port: int | None = None, **options) -> None:
    """Serve ``app`` with werkzeug's development server (blocks); ``options`` go to
    ``werkzeug.serving.run_simple`` (``use_reloader=True``...)."""
    from werkzeug.serving import run_simple

    options.setdefault("threaded", True)
    run_simple(host, config.app_port() if port is None else port, app, **options)


def start_gevent(app, host: str = "0.0.0.0", port: int | None = None):
    """Start gevent's WSGI server for ``app`` in the background and return it.

    ``port`` defaults to ``LEANCLOUD_APP_PORT`` (3000); ``0`` picks a free port, then
    read from ``server.server_port``.
    """
    from gevent.pywsgi import WSGIServer

    server = WSGIServer((host, config.app_port() if port is None else port), app, log=None)
    server.start()
    return server
