"""QQ: ``oauth2.0/me`` answers the ``openid`` (and, asked, the ``unionid``) an
``access_token`` belongs to; they must be the entry's."""

from __future__ import annotations

from .provider_http import call_json
from .verdicts import Refused, required

VOUCHES_FOR_UNIONID = True


def unavailable(settings) -> str | None:
    return None


def verify(entry: dict, user_id: str, settings) -> None:
    params = {"access_token": required(entry, "access_token"), "fmt": "json"}
    if "unionid" in entry:
        params["unionid"] = "1"
    _, answer = call_json("GET", settings.qq_url + "/oauth2.0/me", params=params)
    if not isinstance(answer, dict) or answer.get("openid") != user_id:
        raise Refused("the access_token does not belong to this openid")
    if "unionid" in entry and answer.get("unionid") != entry["unionid"]:
        raise Refused("the access_token does not belong to this unionid")
