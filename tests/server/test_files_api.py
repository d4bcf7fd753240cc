"""Files over raw HTTP: raw uploads, the S3-style token flow the official SDKs use,
_File metadata, serving the bytes back, deletion rights and external files."""

import base64
import json
import uuid
from urllib.parse import urlparse

import requests

import users_server


api = users_server.module_server("files-data")


def upload(api, name, data, content_type="application/octet-stream", **kw):
    return api.request("POST", f"/1.1/files/{name}", raw=data, content_type=content_type, **kw)


def test_raw_upload_creates_a_file_served_back_at_its_url(api):
    data = b"\x89PNG\r\n\x1a\n" + uuid.uuid4().bytes
    status, body = upload(api, "logo.png", data, "image/png")
    assert status == 201
    assert body["name"] == "logo.png" and body["mime_type"] == "image/png"
    assert body["size"] == len(data) and body["metaData"]["size"] == len(data)
    assert body["createdAt"] == body["updatedAt"] and body["objectId"]
    served = requests.get(body["url"])
    assert served.status_code == 200 and served.content == data
    assert served.headers["Content-Type"] == "image/png"
    status, stored = api.get(f"/1.1/files/{body['objectId']}")
    assert stored["url"] == body["url"] and stored["key"] == body["key"]
    assert stored["createdAt"] == stored["updatedAt"]


def test_a_name_may_hold_a_slash(api):
    status, body = upload(api, "photos%2Fcat.jpg", b"jpeg", content_type="image/jpeg")
    assert status == 201 and body["name"] == "photos/cat.jpg"
    assert requests.get(body["url"]).content == b"jpeg"


def test_mime_type_comes_from_the_name_when_not_given(api):
    status, body = upload(api, "notes.txt", b"hello", content_type="application/octet-stream")
    assert body["mime_type"] == "text/plain"
    assert requests.get(body["url"]).headers["Content-Type"].startswith("text/plain")


def test_metadata_in_the_query_string(api):
    status, body = upload(api, "a.bin", b"123", params={"metaData": {"owner": "me", "w": 3}})
    assert body["metaData"]["w"] == 3 and body["metaData"]["size"] == 3


def test_upload_bound_is_twenty_megabytes(api):
    status, body = upload(api, "big.bin", b"\0" * (20 * 1024 * 1024 + 1))
    assert status == 413
    status, body = upload(api, "edge.bin", b"\0" * (20 * 1024 * 1024))
    assert status == 201 and body["size"] == 20 * 1024 * 1024


def test_old_sdk_base64_json_upload(api):
    data = b"legacy bytes"
    status, body = api.post("/1.1/files/old.txt", {"base64": base64.b64encode(data).decode(),
                                                    "_ContentType": "text/plain",
                                                    "metaData": {"owner": "unknown"}})
    assert status == 201 and requests.get(body["url"]).content == data


def test_token_flow_like_the_official_sdks(api):
    key = "custom/" + uuid.uuid4().hex + ".json"
    status, token = api.post("/1.1/fileTokens", {"name": "data.json", "key": key,
                                                 "metaData": {"owner": "unknown"}}, master=True)
    assert status == 200
    assert token["provider"] == "s3" and token["token"] and token["mime_type"] == "application/json"
    assert urlparse(token["url"]).path == "/" + key
    assert token["upload_url"].startswith(api.url)
    data = json.dumps({"hello": "world"}).encode()
    put = requests.put(token["upload_url"], data=data,
                       headers={"Content-Type": "application/json"})
    assert put.status_code == 200
    assert api.post("/1.1/fileCallback", {"token": token["token"], "result": True}) == (200, {})
    served = requests.get(token["url"])
    assert served.content == data and served.headers["Content-Type"].startswith("application/json")
    status, stored = api.get(f"/1.1/files/{token['objectId']}")
    assert stored["size"] == len(data) and stored["createdAt"] == stored["updatedAt"]
    # the token is spent and a forged one is refused
    assert api.post("/1.1/fileCallback", {"token": token["token"], "result": True})[0] == 400
    assert requests.put(api.url + "/1.1/fileUploads/forged", data=b"x").status_code == 401


def test_custom_key_abc_gives_url_path_abc(api):
    key = "abc" + uuid.uuid4().hex[:6]
    status, token = api.post("/1.1/fileTokens", {"name": "x.txt", "key": key}, master=True)
    assert urlparse(token["url"]).path == "/" + key
    status, again = api.post("/1.1/fileTokens", {"name": "y.txt", "key": key}, master=True)
    assert again["code"] == 137
    for bad_key in ("../etc/passwd", "a/../b", "/abs", "1.1/classes", "1/x", "a\\b"):
        status, bad = api.post("/1.1/fileTokens", {"name": "y.txt", "key": bad_key}, master=True)
        assert bad["code"] == 122, bad_key


def test_keys_like_the_js_sdk_makes_them_are_served(api):
    key = uuid.uuid4().hex[:20] + ".文档"
    status, token = api.post("/1.1/fileTokens", {"name": "报告.文档", "key": key}, master=True)
    assert status == 200, token
    requests.put(token["upload_url"], data="内容".encode())
    api.post("/1.1/fileCallback", {"token": token["token"], "result": True})
    assert requests.get(token["url"]).content == "内容".encode()


def test_failed_upload_callback_removes_the_file(api):
    status, token = api.post("/1.1/fileTokens", {"name": "gone.txt"})
    assert api.post("/1.1/fileCallback", {"token": token["token"], "result": False}) == (200, {})
    assert api.get(f"/1.1/files/{token['objectId']}")[1] == {}


def test_classes_files_lists_the_files_as_rest_mdx_queries_them(api):
    status, body = upload(api, "listed.txt", b"listed", content_type="text/plain")
    assert status == 201
    where = {"objectId": body["objectId"]}
    status, found = api.get("/1.1/classes/files", params={"where": where, "count": 1})
    assert status == 200 and found["count"] == 1
    assert [(f["objectId"], f["name"], f["url"]) for f in found["results"]] == \
        [(body["objectId"], "listed.txt", body["url"])]
    status, everything = api.get("/1.1/classes/files", params={"limit": 1000})
    assert body["objectId"] in [f["objectId"] for f in everything["results"]]


def test_delete_needs_master_or_acl(api):
    owner, other = api.sign_up("fo" + uuid.uuid4().hex[:8]), api.sign_up("fx" + uuid.uuid4().hex[:8])
    status, body = upload(api, "mine.txt", b"mine", token=owner["sessionToken"])
    path = f"/1.1/files/{body['objectId']}"
    assert api.delete(path, token=other["sessionToken"])[0] >= 400
    assert api.delete(path)[0] >= 400
    assert requests.get(body["url"]).content == b"mine"
    assert api.delete(path, token=owner["sessionToken"]) == (200, {})
    assert api.get(path)[1] == {}
    assert requests.get(body["url"]).status_code == 404
    status, anon = upload(api, "anon.txt", b"anon")
    assert api.delete(f"/1.1/files/{anon['objectId']}", master=True) == (200, {})


def test_files_cannot_be_forged_through_classes(api):
    status, body = api.post("/1.1/classes/_File", {"name": "x", "key": "stolen", "url": "http://x"})
    assert (status, body["code"]) == (403, 119)
    status, real = upload(api, "real.txt", b"real")
    status, body = api.put(f"/1.1/classes/_File/{real['objectId']}", {"key": "other"})
    assert status == 403


def test_external_file_with_create_with_url(api):
    status, body = api.post("/1.1/files", {"name": "remote.jpg", "url": "https://example.com/r.jpg",
                                           "metaData": {"__source": "external", "owner": "unknown"}})
    assert status == 201 and body["url"] == "https://example.com/r.jpg"
    assert body["mime_type"] == "image/jpeg" and "size" in body
    assert body["metaData"]["__source"] == "external"
    status, legacy = api.post("/1.1/files/remote2.jpg", {
        "name": "remote2.jpg", "url": "https://example.com/r2.jpg",
        "metaData": {"__source": "external"}, "mime_type": "image/jpeg"})
    assert status == 201 and legacy["url"] == "https://example.com/r2.jpg"


def test_file_inside_an_object_comes_back_with_its_url(api):
    status, body = upload(api, "pic.gif", b"GIF89a")
    file_ref = {"__type": "File", "objectId": body["objectId"]}
    status, created = api.post("/1.1/classes/Album", {"cover": file_ref})
    status, album = api.get(f"/1.1/classes/Album/{created['objectId']}")
    cover = album["cover"]
    assert cover["__type"] == "File" and cover["url"] == body["url"] and cover["name"] == "pic.gif"


def test_unknown_paths_still_answer_json_404(api):
    for method, path in [("GET", "/no-such-key"), ("GET", "/1.1/nowhere"),
                         ("POST", "/1.1/nowhere"), ("POST", "/no-such-key")]:
        response = requests.request(method, api.url + path, headers=api.headers())
        assert response.status_code in (404, 405) and response.json()["code"] in (404, 405)
    assert requests.get(api.url + "/1.1/nowhere").json()["code"] == 404
    assert requests.post(api.url + "/1.1/nowhere", headers=api.headers()).json()["code"] == 404


def test_has_file_at_tells_a_shared_front_which_paths_are_files(api):
    from leanengine.protocol.credentials import AppKeys
    from leanengine.server.files.routes import has_file_at
    from leanengine.server.services import build_services
    from leanengine.server.store import open_store
    status, body = upload(api, "front.txt", b"front")
    path = urlparse(body["url"]).path
    store = open_store(str(api.data_dir))
    services = build_services(store, AppKeys(users_server.APP_ID), str(api.data_dir))
    try:
        assert has_file_at(services, path)
        assert not has_file_at(services, "/index.html")
        assert not has_file_at(services, "/")
    finally:
        store.close()
