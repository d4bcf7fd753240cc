"""Bounded calls to a provider's API: a time limit, a size limit, no redirects, and no
token in any log line or error message (the tokens travel in the URL or the form)."""

from __future__ import annotations

import json
import time

import requests

TIMEOUT_SECONDS = 5.0
MAX_ANSWER_BYTES = 64 * 1024


class ProviderDown(Exception):
    """The provider did not answer usably (unreachable, slow, too large, not JSON, 5xx)."""


def call_json(method: str, url: str, *, params=None, data=None) -> tuple[int, object]:
    """``(status, decoded JSON)``; a 4xx answer is the provider's word and is returned."""
    started = time.monotonic()
    try:
        with requests.request(method, url, params=params, data=data, stream=True,
                              allow_redirects=False, timeout=TIMEOUT_SECONDS) as response:
            body = _bounded_body(response, started)
            status = response.status_code
    except requests.RequestException as error:
        raise ProviderDown(f"no answer ({type(error).__name__})") from None
    if status >= 500 or 300 <= status < 400:
        raise ProviderDown(f"an HTTP {status} answer")
    try:
        return status, json.loads(_without_jsonp(body.decode("utf-8")))
    except (UnicodeDecodeError, ValueError):
        raise ProviderDown("an answer that is not JSON") from None


def _bounded_body(response, started: float) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_content(8192):
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise ProviderDown("an answer too large")
        if time.monotonic() - started > TIMEOUT_SECONDS:
            raise ProviderDown("a slow answer")
        chunks.append(chunk)
    return b"".join(chunks)


def _without_jsonp(text: str) -> str:
    """QQ's older endpoints wrap their JSON as ``callback( {...} );``."""
    stripped = text.strip()
    if stripped.startswith("callback(") and stripped.endswith(");"):
        return stripped[len("callback("):-2]
    return stripped
