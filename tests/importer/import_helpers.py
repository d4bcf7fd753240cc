"""Helpers of the import tests: a raw-HTTP client, an import run's outcome, export writers."""

from __future__ import annotations

import json
import subprocess

import requests

APP_ID = "import-test-app"
APP_KEY = "import-test-key"
MASTER_KEY = "import-test-master"


class Api:
    """``api.call("GET", "/1.1/classes/Todo", params={"where": {...}}, master=True)``
    answers ``(status, json body)``."""

    def __init__(self, url: str):
        self.url = url
        self.http = requests.Session()

    def call(self, method, path, body=None, *, params=None, master=False, token=None):
        headers = {"X-LC-Id": APP_ID,
                   "X-LC-Key": f"{MASTER_KEY},master" if master else APP_KEY}
        if token:
            headers["X-LC-Session"] = token
        if body is not None:
            headers["Content-Type"] = "application/json"
        encoded = {k: v if isinstance(v, str) else json.dumps(v)
                   for k, v in (params or {}).items()}
        response = self.http.request(method, self.url + path, headers=headers, params=encoded,
                                     data=None if body is None else json.dumps(body))
        return response.status_code, response.json()

    def results(self, class_name, where=None, **kw) -> list:
        status, body = self.call("GET", f"/1.1/classes/{class_name}",
                                 params={"where": where or {}, "limit": 1000}, **kw)
        assert status == 200, body
        return body["results"]


class Imported:
    """What one ``leanengine import`` run printed and answered."""

    def __init__(self, completed: subprocess.CompletedProcess):
        self.code = completed.returncode
        self.out = completed.stdout
        self.err = completed.stderr

    def row(self, label: str) -> list[int | str]:
        """The summary's counts for a class: imported, replaced, unchanged, failed."""
        for line in self.out.splitlines():
            cells = line.split()
            if cells and cells[0] == label:
                return [int(c) if c.isdigit() else c for c in cells[1:]]
        raise AssertionError(f"no summary row for {label}:\n{self.out}{self.err}")


def write_json(path, value) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


def write_lines(path, objects) -> None:
    path.write_text("".join(json.dumps(obj) + "\n" for obj in objects), encoding="utf-8")

