"""Image captchas before SMS requests: ``GET /requestCaptcha`` answers a token and an image
url, ``POST /verifyCaptcha`` trades the code read from the image for a ``validate_token``.

The image is an SVG drawn here (no imaging library): the code's characters, each shifted
and turned a little, over a few random lines.
"""

from __future__ import annotations

import html
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
    width = _size(req.args.get("width"), 85, 60, 400)
    height = _size(req.args.get("height"), 30, 20, 200)
    # the image needs the code itself beside its digest (the record is master-only)
    issue(req.services, CAPTCHA, token, TTL, code=code.lower(),
                     extra={"display": code, "width": width, "height": height})
    return {"captcha_token": token,
            "captcha_url": f"{base_url(req)}/1.1/captchas/{token}"}


def captcha_image(req):
    record = record_for(req.services, CAPTCHA, req.params["token"])
    if record is None or not record.get("display"):
        raise LeanCloudError(404, f"Not found: {req.path}", status=404)
    svg = draw(record["display"], record.get("width") or 85, record.get("height") or 30)
    return Reply(svg.encode(), content_type="image/svg+xml",
                 headers={"Cache-Control": "no-store"})


def draw(code: str, width: int, height: int) -> str:
    rand = secrets.SystemRandom()
    step = width / (len(code) + 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}"><rect width="100%" height="100%" fill="#f4f4f4"/>']
    for _ in range(4):
        parts.append(f'<line x1="{rand.uniform(0, width):.1f}" y1="{rand.uniform(0, height):.1f}" '
                     f'x2="{rand.uniform(0, width):.1f}" y2="{rand.uniform(0, height):.1f}" '
                     f'stroke="#999" stroke-width="1"/>')
    for index, char in enumerate(code):
        x, y = step * (index + 0.6), height * rand.uniform(0.65, 0.8)
        angle = rand.uniform(-25, 25)
        parts.append(f'<text x="{x:.1f}" y="{y:.1f}" font-family="monospace" '
                     f'font-size="{height * 0.7:.0f}" fill="#333" '
                     f'transform="rotate({angle:.0f} {x:.1f} {y:.1f})">{html.escape(char)}</text>')
    parts.append("</svg>")
    return "".join(parts)


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
