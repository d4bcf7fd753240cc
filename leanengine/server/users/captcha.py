"""Image captchas before SMS requests: ``GET /requestCaptcha`` answers a token and an image
url, ``POST /verifyCaptcha`` trades the code read from the image for a ``validate_token``.

The image is a PNG drawn by the ``captcha`` package (warped glyphs over noise): pixels only,
so the code cannot be read out of the file's bytes. It is drawn once, at twice the width
and height asked for, so that it stays legible where a client shows it in that box. A token
takes ``codes.MAX_ATTEMPTS`` guesses, then it is burnt.
"""

from __future__ import annotations

import base64
import secrets

from ...protocol.errors import LeanCloudError
from ..request import Reply
from ...protocol import errors
from .code_records import issue, record_for, spend
from .delivery import base_url

CAPTCHA = "captcha"
VALIDATED = "captcha-validated"
TTL = 10 * 60
_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no look-alikes (0/O, 1/I)
INVALID_CAPTCHA = 1


def register(router):
    router.add("/requestCaptcha", ["GET"], request_captcha)
    router.add("/captchas/<token>", ["GET"], captcha_image, auth=False)
    router.add("/verifyCaptcha", ["POST"], verify_captcha)


def _size(value, default: int, low: int, high: int) -> int:
    try:
        return min(high, max(low, int(value)))
    except (TypeError, ValueError):
        return default


def request_captcha(req):
    length = _size(req.args.get("size"), 4, 3, 6)
    code = "".join(secrets.choice(_CHARS) for _ in range(length))
    token = secrets.token_urlsafe(24)
    width = _size(req.args.get("width"), 85, 60, 200)     # LeanCloud's ranges
    height = _size(req.args.get("height"), 30, 30, 100)
    # Drawn once: an image redrawn at each fetch would show fresh noise each time, and
    # averaging a few fetches would wash it out. The code is kept beside its digest for
    # the operator (the record is master-only).
    image = base64.b64encode(draw(code, width, height)).decode()
    issue(req.services, CAPTCHA, token, TTL, code=code.lower(),
          extra={"display": code, "image": image})
    return {"captcha_token": token,
            "captcha_url": f"{base_url(req)}/1.1/captchas/{token}"}


def captcha_image(req):
    record = record_for(req.services, CAPTCHA, req.params["token"])
    if record is None or not record.get("image"):
        raise LeanCloudError(404, f"Not found: {req.path}", status=404)
    return Reply(base64.b64decode(record["image"]), content_type="image/png",
                 headers={"Cache-Control": "no-store"})


def draw(code: str, width: int, height: int) -> bytes:
    """The code as a PNG of (twice) ``width`` x ``height`` pixels."""
    from captcha.image import ImageCaptcha  # Pillow: loaded by the first captcha only

    size = 2 * height
    image = ImageCaptcha(width=2 * width, height=size,
                         font_sizes=(int(size * 0.75), int(size * 0.85), int(size * 0.95)))
    return image.generate(code, format="png").getvalue()


def verify_captcha(req):
    body = req.json if isinstance(req.json, dict) else {}
    token, code = body.get("captcha_token"), body.get("captcha_code")
    if not isinstance(token, str) or not isinstance(code, str):
        raise LeanCloudError(INVALID_CAPTCHA, "captcha_token and captcha_code are required.")
    if spend(req.services, (CAPTCHA,), code.strip().lower(), token) is None:
        raise LeanCloudError(INVALID_CAPTCHA, "Invalid captcha code.")
    validate_token = secrets.token_urlsafe(24)
    issue(req.services, VALIDATED, validate_token, TTL,
                     code=validate_token)
    return {"validate_token": validate_token}


def check_validate_token(services, body) -> None:
    """A ``validate_token`` on an SMS request is optional, but spent and checked when a
    client sends one."""
    token = body.get("validate_token")
    if token is None:
        return
    if not isinstance(token, str) or spend(services, (VALIDATED,), token, token) is None:
        raise LeanCloudError(errors.OTHER_CAUSE, "Invalid or expired validate_token.")
