"""The WSGI entry point: ``gunicorn sample_app.wsgi:app -k gevent``.

Keys come from ``LEANCLOUD_APP_ID``, ``LEANCLOUD_APP_KEY``, ``LEANCLOUD_APP_MASTER_KEY``
and ``LEANCLOUD_APP_HOOK_KEY``, as on LeanEngine. ``SESSION_SECRET`` signs the login
cookie; without it the secret is derived from the master key, so every process of the app
(and every reload under ``leanengine up``) accepts the same cookies.
"""

import hashlib
import hmac
import os
import secrets

from leanengine import CookieSessionMiddleware, HttpsRedirectMiddleware

from .cloud import engine
from .web import web_app



def _session_secret() -> str:
    if os.environ.get("SESSION_SECRET"):
        return os.environ["SESSION_SECRET"]
    master_key = os.environ.get("LEANCLOUD_APP_MASTER_KEY")
    if not master_key:
        return secrets.token_hex(32)
    return hmac.new(master_key.encode(), b"sample_app session cookie", hashlib.sha256).hexdigest()


# fetch_user: the pages show the user's name, so load the user once per request.
app = engine.wrap(HttpsRedirectMiddleware(
    CookieSessionMiddleware(web_app, _session_secret(), fetch_user=True)))

if __name__ == "__main__":
    engine.run(host="127.0.0.1")
