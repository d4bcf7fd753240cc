"""Audit: files are served at the server's root, so a client must not pick where (a chosen
key could take the path of a web page of ``leanengine up``'s app: LeanCloud lets only the
master key choose a file's key), and what they hold must never run as a page of the
server's origin (an HTML or SVG file would run its scripts there)."""

from __future__ import annotations

import uuid

import requests

from users_server import module_server

api = module_server("audit-files")


def test_only_the_master_key_chooses_a_file_key(api):
    key = "login" + uuid.uuid4().hex[:6]
    status, body = api.post("/1.1/fileTokens", {"name": "x.html", "key": key})
    assert (status, body["code"]) == (403, 119)
    status, body = api.post("/1.1/fileTokens", {"name": "x.html", "key": key}, master=True)
    assert status == 200, body
    assert body["key"] == key


def test_a_generated_key_is_not_the_name(api):
    status, body = api.post("/1.1/fileTokens", {"name": "login"})
    assert status == 200, body
    assert body["key"] != "login" and len(body["key"]) >= 32


def test_served_files_never_run_as_pages_of_the_origin(api):
    page = b"<html><script>alert(document.cookie)</script></html>"
    status, body = api.post("/1.1/files/page.html", raw=page, content_type="text/html")
    assert status == 201, body
    served = requests.get(body["url"])
    assert served.content == page
    assert served.headers["Content-Type"].startswith("text/html")
    assert served.headers["Content-Security-Policy"] == "sandbox"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
