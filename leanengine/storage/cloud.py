"""``leanengine.cloud``: call cloud functions, SMS and captcha services, the server clock."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from . import client, codec


def run(_cloud_func_name: str, **params: Any) -> Any:
    """Call the cloud function ``_cloud_func_name`` with JSON params; its result."""
    answer = client.post(f"/functions/{_cloud_func_name}", codec.encode(params))
    return codec.decode(answer.get("result"))


def rpc(_cloud_rpc_name: str, **params: Any) -> Any:
    """Like ``run``, but Objects travel whole in both directions."""
    answer = client.post(f"/call/{_cloud_rpc_name}", codec.encode(params, full_objects=True))
    return codec.decode(answer.get("result"))


def _run_local(_cloud_func_name: str, **params: Any) -> Any:
    """The function of this process's Engine, called directly (no HTTP, no time limit)."""
    from ..engine.engine import run_local
    return run_local(_cloud_func_name, **params)


# The legacy SDK's spellings: ``cloud.run.remote(...)`` and ``cloud.run.local(...)``.
run.remote = run  # type: ignore[attr-defined]
run.local = _run_local  # type: ignore[attr-defined]
rpc.remote = rpc  # type: ignore[attr-defined]
rpc.local = _run_local  # type: ignore[attr-defined]


def request_sms_code(phone_number: str, idd: str = "+86", sms_type: str = "sms",
                     validate_token: str | None = None, template: str | None = None,
                     sign: str | None = None, params: dict | None = None) -> None:
    """Send a verification code by SMS (or ``sms_type='voice'``) to the phone number."""
    if not isinstance(phone_number, str):
        raise TypeError("phone_number must be a string")
    body: dict[str, Any] = {
        "mobilePhoneNumber": phone_number if phone_number.startswith("+") else idd + phone_number,
        "smsType": sms_type,
    }
    for key, value in (("template", template), ("sign", sign),
                       ("validate_token", validate_token)):
        if value is not None:
            body[key] = value
    if params:
        body.update(params)
    client.post("/requestSmsCode", body)


def verify_sms_code(phone_number: str, code: str) -> bool:
    """Check a code sent by ``request_sms_code``; raises LeanCloudError when wrong."""
    client.post(f"/verifySmsCode/{code}", {"mobilePhoneNumber": phone_number})
    return True


class Captcha:
    """An image captcha: ``url`` to show, ``token`` to verify the answer against."""

    def __init__(self, token: str, url: str):
        self.token = token
        self.url = url

    def verify(self, code: str) -> str:
        return verify_captcha(code, self.token)


def request_captcha(size: int | None = None, width: int | None = None,
                    height: int | None = None, ttl: int | None = None) -> Captcha:
    params = {k: v for k, v in (("size", size), ("width", width), ("height", height),
                                ("ttl", ttl)) if v is not None}
    answer = client.get("/requestCaptcha", params)
    return Captcha(answer["captcha_token"], answer["captcha_url"])


def verify_captcha(code: str, token: str) -> str:
    """Check a captcha answer; the ``validate_token`` that SMS requests accept."""
    answer = client.post("/verifyCaptcha", {"captcha_code": code, "captcha_token": token})
    return answer["validate_token"]


def get_server_time() -> datetime:
    return codec.decode(client.get("/date"))
