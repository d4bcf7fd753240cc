"""Keys and raw-HTTP helpers of the drop-in tests (a module of its own name: ``conftest``
is ambiguous when several test directories are collected together)."""

from __future__ import annotations

import requests

APP_ID = "dropin-app-id"
APP_KEY = "dropin-app-key"
MASTER_KEY = "dropin-master-key"
HOOK_KEY = "dropin-hook-key"


def master_headers() -> dict:
    return {"X-LC-Id": APP_ID, "X-LC-Key": f"{MASTER_KEY},master",
            "Content-Type": "application/json"}


def raw(method: str, url: str, **kwargs) -> requests.Response:
    return requests.request(method, url, timeout=30, **kwargs)
