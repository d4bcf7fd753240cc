"""``leancloud.engine.cors``: ``CORSMiddleware``, the engine's CORS answer as a middleware.

``Engine`` adds these headers to its own routes already; the middleware is kept for apps
that wrapped another WSGI app with it.
"""

from leanengine.engine import cors, wire


class CORSMiddleware:
    """Answer preflight ``OPTIONS`` requests and add the engine's CORS headers."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        headers = cors.headers(environ)
        if environ.get("REQUEST_METHOD") == "OPTIONS":
            return wire.send(wire.Answer(200, b""), start_response, headers)

        def with_cors(status, response_headers, exc_info=None):
            return start_response(status, list(response_headers) + headers, exc_info)

        return self.app(environ, with_cors)


__all__ = ["CORSMiddleware"]
