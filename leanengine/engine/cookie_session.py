"""``CookieSessionMiddleware``: keep a web user logged in through a signed cookie.

After ``User.login()`` in a web route the user's session token is written to a cookie
signed with ``secret`` (itsdangerous); on later requests ``User.get_current()`` returns
that user. ``User.logout()`` clears the cookie. A tampered, foreign or expired cookie is
ignored: the request simply has no user.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone

from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.http import dump_cookie, parse_cookie

from .. import config, context
from . import caller, routes
from .errors import LeanEngineError

# Engine routes carry their own credentials; a browser cookie has no say there.
ENGINE_PATHS = tuple(f"{prefix}/{kind}/" for prefix in routes.PREFIXES
                     for kind in ("functions", "call")) + ("/__engine/",)


class CookieSessionMiddleware:
    def __init__(self, app, secret, name="leancloud:session", excluded_paths=None,
                 fetch_user=False, expires=None, max_age=None):
        if not secret:
            raise RuntimeError("secret is required")
        self.app = app
        self.name = name
        self.excluded_paths = ENGINE_PATHS + tuple(excluded_paths or ())
        self.fetch_user = fetch_user
        self.expires = expires
        self.max_age = max_age
        self._serializer = URLSafeTimedSerializer(secret, salt="leanengine.cookie-session")

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith(self.excluded_paths):
            return self.app(environ, start_response)
        cookie = parse_cookie(environ).get(self.name)
        ctx = caller.new_context(environ)

        def session_start_response(status, headers, exc_info=None):
            header = self._set_cookie_header(ctx.user, had_cookie=cookie is not None)
            if header:
                headers.append(("Set-Cookie", header))
            return start_response(status, headers, exc_info)

        with context.request_scope(ctx):
            session = self._load(cookie) if cookie else None
            if session:
                self._restore_user(ctx, session)
            return self.app(environ, session_start_response)

    def _load(self, cookie: str) -> dict | None:
        try:
            session = self._serializer.loads(cookie, max_age=self.max_age)
        except BadSignature:  # also SignatureExpired
            return None
        if not (isinstance(session, dict) and isinstance(session.get("session_token"), str)):
            return None
        if self._expired():
            return None
        return session

    def _expired(self) -> bool:
        if self.expires is None:
            return False
        if isinstance(self.expires, datetime):
            expires = self.expires if self.expires.tzinfo else self.expires.replace(tzinfo=timezone.utc)
            return datetime.now(timezone.utc) >= expires
        return time.time() >= self.expires

    def _restore_user(self, ctx: context.RequestContext, session: dict) -> None:
        token = session["session_token"]
        if self.fetch_user:
            try:
                caller.fetch_user(token)  # sets ctx.user
            except LeanEngineError:  # a revoked token means no user, not an error page
                pass
            return
        ctx.user = caller.make_user({"objectId": session.get("uid"), "sessionToken": token})
        ctx.session_token = token

    def _set_cookie_header(self, user, had_cookie: bool) -> str | None:
        secure = config.app_env() == "production"
        token = user.get_session_token() if user is not None else None
        if token:
            value = self._serializer.dumps({"uid": user.id, "session_token": token})
            return dump_cookie(self.name, value, max_age=self.max_age, expires=self.expires,
                               path="/", secure=secure, httponly=True, samesite="Lax")
        if had_cookie:
            return dump_cookie(self.name, "", max_age=0, expires=0, path="/", secure=secure,
                               httponly=True, samesite="Lax")
        return None
