"""WeChat: the OAuth ``access_token`` is checked for the ``openid`` with ``sns/auth``
(``{"errcode": 0}`` when valid); with a ``unionid``, ``sns/userinfo`` must answer both."""

from __future__ import annotations

from .provider_http import call_json
from .verdicts import Refused, required

VOUCHES_FOR_UNIONID = True


def unavailable(settings) -> str | None:
    return None


def verify(entry: dict, user_id: str, settings) -> None:
    params = {"access_token": required(entry, "access_token"), "openid": user_id}
    if "unionid" in entry:
        _, answer = call_json("GET", settings.weixin_url + "/sns/userinfo", params=params)
        if not (isinstance(answer, dict) and answer.get("openid") == user_id
                and answer.get("unionid") == entry["unionid"]):
            raise Refused("the access_token does not belong to this openid and unionid")
        return
    _, answer = call_json("GET", settings.weixin_url + "/sns/auth", params=params)
    if not isinstance(answer, dict) or answer.get("errcode") != 0:
        raise Refused("the access_token is not valid for this openid")
