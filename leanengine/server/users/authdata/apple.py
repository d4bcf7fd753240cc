"""Sign in with Apple: the entry's ``identity_token`` (or ``id_token``) is a JWT that must
be signed (RS256) by a key of Apple's JWKS, issued by https://appleid.apple.com for one of
the app's client ids (``LEANENGINE_APPLE_CLIENT_IDS``), unexpired, with ``sub`` equal to
the entry's ``uid``. Needs PyJWT with cryptography (``pip install 'leanengine[authdata]'``).
"""

from __future__ import annotations

import time

from .provider_http import ProviderDown, call_json
from .verdicts import Refused, required

try:
    import jwt
except ImportError:  # the optional extra is not installed: Apple cannot be verified
    jwt = None

ISSUER = "https://appleid.apple.com"
VOUCHES_FOR_UNIONID = False
LEEWAY_SECONDS = 30
KEYS_FRESH_SECONDS = 3600
REFETCH_AFTER_SECONDS = 60   # an unknown key id refetches the set at most this often
_keys: dict = {}             # JWKS url -> (fetched at, {kid: key})


def unavailable(settings) -> str | None:
    if jwt is None:
        return "PyJWT with cryptography is not installed (pip install 'leanengine[authdata]')"
    if not settings.apple_client_ids:
        return "LEANENGINE_APPLE_CLIENT_IDS (the app's client ids) is not set"
    return None


def verify(entry: dict, user_id: str, settings) -> None:
    token = required(entry, "identity_token", "id_token")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise Refused("the identity_token is not a JWT") from None
    if header.get("alg") != "RS256":
        raise Refused("the identity_token is not signed with RS256")
    key = _key(settings.apple_jwks_url, header.get("kid"))
    try:
        claims = jwt.decode(token, key, algorithms=["RS256"],
                            audience=list(settings.apple_client_ids), issuer=ISSUER,
                            leeway=LEEWAY_SECONDS,
                            options={"require": ["exp", "iss", "aud", "sub"]})
    except jwt.ExpiredSignatureError:
        raise Refused("the identity_token has expired") from None
    except jwt.PyJWTError as error:
        raise Refused(f"the identity_token is not valid ({type(error).__name__})") from None
    if claims.get("sub") != user_id:
        raise Refused("the identity_token was issued for another uid")


def _key(url: str, kid):
    fetched_at, keys = _keys.get(url, (0.0, {}))
    age = time.monotonic() - fetched_at
    if age > KEYS_FRESH_SECONDS or (kid not in keys and age > REFETCH_AFTER_SECONDS):
        keys = _fetch_keys(url)
        _keys[url] = (time.monotonic(), keys)
    if kid not in keys:
        raise Refused("the identity_token is signed by a key Apple does not publish")
    return keys[kid]


def _fetch_keys(url: str) -> dict:
    _, answer = call_json("GET", url)
    listed = answer.get("keys") if isinstance(answer, dict) else None
    if not isinstance(listed, list):
        raise ProviderDown("a JWKS without keys")
    keys = {}
    for jwk in listed:
        if isinstance(jwk, dict) and jwk.get("kty") == "RSA" and isinstance(jwk.get("kid"), str):
            try:
                keys[jwk["kid"]] = jwt.PyJWK(jwk, algorithm="RS256").key
            except (jwt.PyJWTError, ValueError, TypeError):
                continue
    return keys
