"""The WSGI entry point: ``gunicorn sample_app.wsgi:app -k gevent``.

Keys come from ``LEANCLOUD_APP_ID``, ``LEANCLOUD_APP_KEY``, ``LEANCLOUD_APP_MASTER_KEY``
and ``LEANCLOUD_APP_HOOK_KEY``, as on LeanEngine. ``SESSION_SECRET`` signs the login
cookie; set it when running more than one process, or each signs with its own.
"""

import os
import secrets

from leanengine import CookieSessionMiddleware, HttpsRedirectMiddleware

from .cloud import engine
from .web import web_app

session_secret = os.environ.get("SESSION_SECRET") or secrets.token_hex(32)

app = engine.wrap(HttpsRedirectMiddleware(CookieSessionMiddleware(web_app, session_secret)))

if __name__ == "__main__":
    engine.run(host="127.0.0.1")
