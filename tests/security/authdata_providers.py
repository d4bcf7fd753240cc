"""A stand-in for the third-party providers the server verifies authData with (WeChat, QQ,
Weibo, Apple's JWKS), on 127.0.0.1, in the test process. It answers in the providers'
documented shapes for the tokens a test registered with ``grant``, and records every
request it saw.

    providers = StandInProviders().start()
    providers.grant("weixin", "good-token", "openid-1")
    env = providers.env()   # LEANENGINE_*_API_URL etc. for the server under test
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

APPLE_ISSUER = "https://appleid.apple.com"
APPLE_CLIENT_ID = "com.example.authdata-tests"
APPLE_KID = "stand-in-key"


def new_rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class StandInProviders:

    def __init__(self):
        self.tokens: dict = {}        # (platform, token) -> {"id": ..., "unionid": ...}
        self.requests: list = []      # (method, path, query, form)
        self.apple_key = new_rsa_key()
        self._server = None

    # setup ------------------------------------------------------------------------------

    def start(self) -> "StandInProviders":
        providers = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                providers._answer(self, "GET")

            def do_POST(self):
                providers._answer(self, "POST")

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def env(self, base: str | None = None) -> dict:
        base = base or self.url
        return {"LEANENGINE_WEIXIN_API_URL": base, "LEANENGINE_QQ_API_URL": base,
                "LEANENGINE_WEIBO_API_URL": base + "/weibo",
                "LEANENGINE_APPLE_JWKS_URL": base + "/auth/keys",
                "LEANENGINE_APPLE_CLIENT_IDS": f"other.client,{APPLE_CLIENT_ID}"}

    def grant(self, platform: str, token: str, user_id: str, unionid: str | None = None):
        self.tokens[(platform, token)] = {"id": user_id, "unionid": unionid}

    def apple_token(self, sub: str, *, aud: str = APPLE_CLIENT_ID, iss: str = APPLE_ISSUER,
                    expires_in: int = 600, key=None, kid: str = APPLE_KID) -> str:
        now = int(time.time())
        claims = {"iss": iss, "aud": aud, "sub": sub, "iat": now, "exp": now + expires_in}
        return jwt.encode(claims, key or self.apple_key, algorithm="RS256",
                          headers={"kid": kid})

    # answers ----------------------------------------------------------------------------

    def _answer(self, handler, method: str) -> None:
        parsed = urlparse(handler.path)
        query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        length = int(handler.headers.get("Content-Length") or 0)
        form = {k: v[-1] for k, v in parse_qs(handler.rfile.read(length).decode()).items()}
        self.requests.append((method, parsed.path, query, form))
        route = {"/sns/auth": self._weixin_auth, "/sns/userinfo": self._weixin_userinfo,
                 "/oauth2.0/me": self._qq_me, "/weibo/oauth2/get_token_info": self._weibo,
                 "/auth/keys": self._jwks}.get(parsed.path)
        if parsed.path.startswith("/broken/"):   # a provider having a bad day
            route = self._broken
        if parsed.path.startswith("/huge/"):     # an answer no verifier should read whole
            route = self._huge
        status, body = route(query, form) if route else (404, {"error": "not found"})
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _grant(self, platform: str, token) -> dict | None:
        return self.tokens.get((platform, token))

    def _weixin_auth(self, query, form):
        granted = self._grant("weixin", query.get("access_token"))
        if granted and granted["id"] == query.get("openid"):
            return 200, {"errcode": 0, "errmsg": "ok"}
        return 200, {"errcode": 40003, "errmsg": "invalid openid"}

    def _weixin_userinfo(self, query, form):
        granted = self._grant("weixin", query.get("access_token"))
        if granted and granted["id"] == query.get("openid"):
            return 200, {"openid": granted["id"], "unionid": granted["unionid"],
                         "nickname": "stand-in"}
        return 200, {"errcode": 40001, "errmsg": "invalid credential"}

    def _qq_me(self, query, form):
        granted = self._grant("qq", query.get("access_token"))
        if granted is None:
            return 200, {"error": 100016, "error_description": "access token check failed"}
        answer = {"client_id": "101000000", "openid": granted["id"]}
        if query.get("unionid") == "1":
            answer["unionid"] = granted["unionid"]
        if query.get("fmt") != "json":   # the endpoint's old JSONP shape
            return 200, f"callback( {json.dumps(answer)} );".encode()
        return 200, answer

    def _weibo(self, query, form):
        granted = self._grant("weibo", form.get("access_token"))
        if granted is None:
            return 400, {"error": "invalid_access_token", "error_code": 21327,
                         "request": "/oauth2/get_token_info"}
        return 200, {"uid": int(granted["id"]), "appkey": "1000000", "scope": None,
                     "create_at": int(time.time()) - 60, "expire_in": 3600}

    def _jwks(self, query, form):
        jwk = json.loads(RSAAlgorithm.to_jwk(self.apple_key.public_key()))
        jwk.update(kid=APPLE_KID, alg="RS256", use="sig")
        return 200, {"keys": [jwk]}

    def _broken(self, query, form):
        return 500, {"error": "internal"}

    def _huge(self, query, form):
        return 200, {"uid": 1, "padding": "x" * (1 << 20)}
