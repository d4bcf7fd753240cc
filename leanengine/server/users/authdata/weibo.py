"""Weibo: ``oauth2/get_token_info`` answers the ``uid`` (a number) an ``access_token``
belongs to and the seconds it has left; the uid must be the entry's."""

from __future__ import annotations

from .provider_http import call_json
from .verdicts import Refused, required

VOUCHES_FOR_UNIONID = False


def unavailable(settings) -> str | None:
    return None


def verify(entry: dict, user_id: str, settings) -> None:
    data = {"access_token": required(entry, "access_token")}
    _, answer = call_json("POST", settings.weibo_url + "/oauth2/get_token_info", data=data)
    uid = answer.get("uid") if isinstance(answer, dict) else None
    if uid is None or isinstance(uid, bool) or str(uid) != user_id:
        raise Refused("the access_token does not belong to this uid")
    expires = answer.get("expire_in")
    if isinstance(expires, (int, float)) and expires <= 0:
        raise Refused("the access_token has expired")
