"""The engine app of the onAuthData tests: its hook is the app's own verification of
authData (here: a token is good when it reads ``hook-ok-<id>``), as a LeanCloud app that
verified tokens in its cloud code has it. Served by gunicorn beside ``leanengine serve
--engine-url``."""

from __future__ import annotations

from leanengine import Engine, LeanEngineError

engine = Engine()


@engine.on_auth_data
def on_auth_data(auth_data):
    for platform, entry in auth_data.items():
        if platform == "anonymous":
            continue
        user_id = entry.get("openid") or entry.get("uid") or entry.get("id")
        if entry.get("access_token") != f"hook-ok-{user_id}":
            raise LeanEngineError(3100, f"{platform}: the app could not verify this account")
        entry["verifiedBy"] = "onAuthData"
    return auth_data


app = engine
