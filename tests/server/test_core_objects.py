"""Objects over raw HTTP: CRUD, typed values, operations, schema, validation codes."""

from __future__ import annotations

import json
import re

import requests

from core_helpers import APP_ID, Api, unique_class

DATE = {"__type": "Date", "iso": "2015-06-21T18:02:52.249Z"}


def test_date_needs_no_credentials(core_server):
    answer = requests.get(core_server.url + "/1.1/date").json()
    assert answer["__type"] == "Date" and re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", answer["iso"])


def test_credentials_are_required(core_server):
    for headers in ({}, {"X-LC-Id": APP_ID}, {"X-LC-Id": APP_ID, "X-LC-Key": "wrong"},
                    {"X-LC-Id": "other", "X-LC-Key": "core-key"}):
        response = requests.get(core_server.url + "/1.1/classes/Todo", headers=headers)
        assert response.status_code == 401
        assert response.json() == {"code": 401, "error": "Unauthorized."}


def test_master_key_and_signature_forms(core_server):
    from leanengine.protocol.credentials import make_sign
    import time
    for headers in ({"X-LC-Id": APP_ID, "X-LC-Key": "core-master,master"},
                    {"X-LC-Id": APP_ID, "X-LC-Sign": make_sign("core-key", int(time.time() * 1000))},
                    {"X-AVOSCloud-Application-Id": APP_ID, "X-AVOSCloud-Application-Key": "core-key"}):
        response = requests.get(core_server.url + "/1.1/classes/Todo", headers=headers)
        assert response.status_code == 200 and response.json() == {"results": []}


def test_unknown_route_and_method_answer_json(api):
    status, answer = api.call("GET", "/1.1/nowhere")
    assert status == 404 and answer["code"] == 404
    status, answer = api.call("PATCH", "/1.1/classes/Todo")
    assert status == 405 and answer["code"] == 405


def test_bodies_in_any_json_encoding_and_malformed_ones(api):
    """UTF-8 as clients send it, also with a byte-order mark or as UTF-16 (json.loads's
    encodings); anything else is 107, and no object is written for it."""
    cls = unique_class()
    text = '{"title": "\u00e9t\u00e9"}'
    for raw in (text.encode(), b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16")):
        status, answer = api.call("POST", f"/1.1/classes/{cls}", raw=raw)
        assert status == 201, (raw, answer)
    assert [o["title"] for o in api.find(cls)] == ["\u00e9t\u00e9"] * 3
    for raw in (b'{"title": "x"', b'{"n": NaN}', b"\xff\xfe\xfa", b'[1, 2]', b'{"a": 1} {}'):
        status, answer = api.call("POST", f"/1.1/classes/{cls}", raw=raw)
        assert (status, answer["code"]) == (400, 107), (raw, answer)
    assert len(api.find(cls)) == 3


def test_create_get_update_delete(api):
    cls = unique_class()
    status, created = api.call("POST", f"/1.1/classes/{cls}", {"title": "hello", "n": 1})
    assert status == 201
    assert re.match(r"^[0-9a-f]{24}$", created["objectId"]) and created["createdAt"].endswith("Z")
    fetched = api.ok("GET", f"/1.1/classes/{cls}/{created['objectId']}")
    assert fetched["title"] == "hello" and fetched["n"] == 1
    assert fetched["createdAt"] == fetched["updatedAt"] == created["createdAt"]
    assert "ACL" not in fetched
    updated = api.ok("PUT", f"/1.1/classes/{cls}/{created['objectId']}", {"title": "bye"})
    assert updated["objectId"] == created["objectId"] and updated["updatedAt"] >= created["createdAt"]
    assert api.ok("GET", f"/1.1/classes/{cls}/{created['objectId']}")["title"] == "bye"
    assert api.ok("DELETE", f"/1.1/classes/{cls}/{created['objectId']}") == {}
    assert api.ok("GET", f"/1.1/classes/{cls}/{created['objectId']}") == {}


def test_missing_object_answers_empty_and_update_101(api):
    cls = unique_class()
    status, answer = api.call("GET", f"/1.1/classes/{cls}/0123456789abcdef01234567")
    assert status == 404 and answer == {"code": 101, "error": "Class or object doesn't exists."}
    api.create(cls, a=1)
    assert api.ok("GET", f"/1.1/classes/{cls}/0123456789abcdef01234567") == {}
    status, answer = api.call("GET", "/1.1/classes/_User/0123456789abcdef01234567")
    assert status == 400 and answer["code"] == 211
    status, answer = api.call("PUT", f"/1.1/classes/{cls}/0123456789abcdef01234567", {"a": 1})
    assert answer["code"] == 1 and status == 404    # LeanCloud's code for this, not 101


def test_typed_values_round_trip(api):
    cls = unique_class()
    target = api.create(cls, name="target")
    values = {
        "int": 7, "float": 7.0, "neg": -1.5, "big": 2 ** 53, "text": "ünïcødé ✓", "yes": True,
        "nothing": None, "date": DATE,
        "pointer": {"__type": "Pointer", "className": cls, "objectId": target},
        "geo": {"__type": "GeoPoint", "latitude": 39.9, "longitude": 116.4},
        "bytes": {"__type": "Bytes", "base64": "aGVsbG8="},
        "nested": {"a": [1, {"b": DATE}], "c": {"d": None}},
        "list": [1, "two", 3.5, False, {"__type": "GeoPoint", "latitude": 1, "longitude": 2}],
    }
    object_id = api.create(cls, **values)
    raw = requests.get(f"{api.url}/1.1/classes/{cls}/{object_id}", headers=api.http.headers).text
    fetched = json.loads(raw)
    for key, value in values.items():
        assert fetched[key] == value, key
    assert '"float":7.0' in raw and '"int":7' in raw
    assert isinstance(fetched["float"], float) and isinstance(fetched["int"], int)


def test_relation_field_comes_back_as_relation(api):
    cls, other = unique_class(), unique_class()
    member = api.create(other, n=1)
    owner = api.create(cls, members={"__op": "AddRelation", "objects": [
        {"__type": "Pointer", "className": other, "objectId": member}]})
    assert api.ok("GET", f"/1.1/classes/{cls}/{owner}")["members"] == {
        "__type": "Relation", "className": other}
    found = api.find(other, {"$relatedTo": {"object": {"__type": "Pointer", "className": cls,
                                                       "objectId": owner}, "key": "members"}})
    assert [o["objectId"] for o in found] == [member]
    found = api.find(cls, {"members": {"__type": "Pointer", "className": other, "objectId": member}})
    assert [o["objectId"] for o in found] == [owner]
    api.ok("PUT", f"/1.1/classes/{cls}/{owner}", {"members": {"__op": "RemoveRelation", "objects": [
        {"__type": "Pointer", "className": other, "objectId": member}]}})
    assert api.find(other, {"$relatedTo": {"object": {"__type": "Pointer", "className": cls,
                                                      "objectId": owner}, "key": "members"}}) == []


def test_update_operations(api):
    cls = unique_class()
    oid = api.create(cls, n=5, tags=["a", "b", "a"], bits=12, gone="x", stats={"views": 1})
    answer = api.ok("PUT", f"/1.1/classes/{cls}/{oid}", {
        "n": {"__op": "Increment", "amount": 3},
        "m": {"__op": "Decrement", "amount": 2},
        "tags": {"__op": "Remove", "objects": ["a"]},
        "bits": {"__op": "BitOr", "value": 3},
        "gone": {"__op": "Delete"},
        "stats.views": {"__op": "Increment", "amount": 1},
    }, params={"fetchWhenSave": "true"})
    assert answer["n"] == 8 and answer["m"] == -2 and answer["tags"] == ["b"]
    assert answer["bits"] == 15 and "gone" not in answer and answer["stats"] == {"views": 2}
    answer = api.ok("PUT", f"/1.1/classes/{cls}/{oid}", {
        "tags": {"__op": "AddUnique", "objects": ["b", "c", "c"]},
        "bits": {"__op": "BitAnd", "value": 6}}, params={"new": "true"})
    assert answer["tags"] == ["b", "c"] and answer["bits"] == 6
    answer = api.ok("PUT", f"/1.1/classes/{cls}/{oid}", {
        "tags": {"__op": "Add", "objects": ["b"]}, "bits": {"__op": "BitXor", "value": 7}},
        params={"fetchWhenSave": "true"})
    assert answer["tags"] == ["b", "c", "b"] and answer["bits"] == 1
    status, answer = api.call("PUT", f"/1.1/classes/{cls}/{oid}", {"tags": {"__op": "Increment"}})
    assert answer["code"] == 111


def test_fetch_when_save_on_update_answers_the_updated_fields(api):
    cls = unique_class()
    oid = api.create(cls, a=1, b=2)
    answer = api.ok("PUT", f"/1.1/classes/{cls}/{oid}", {"a": {"__op": "Increment"}},
                    params={"fetchWhenSave": "true"})
    assert answer["a"] == 2 and "b" not in answer and answer["objectId"] == oid
    assert "updatedAt" in answer


def test_fetch_when_save_on_create_and_return_acl(api):
    cls = unique_class()
    answer = api.ok("POST", f"/1.1/classes/{cls}", {"a": {"__op": "Increment", "amount": 2}},
                    params={"fetchWhenSave": "true", "returnACL": "true"})
    assert answer["a"] == 2 and answer["ACL"] == {"*": {"read": True, "write": True}}
    fetched = api.ok("GET", f"/1.1/classes/{cls}/{answer['objectId']}", params={"returnACL": "true"})
    assert fetched["ACL"] == {"*": {"read": True, "write": True}}


def test_conditional_update_and_delete(api):
    cls = unique_class()
    oid = api.create(cls, balance=10)
    where = json.dumps({"balance": {"$gte": 30}})
    status, answer = api.call("PUT", f"/1.1/classes/{cls}/{oid}",
                              {"balance": {"__op": "Decrement", "amount": 30}}, params={"where": where})
    assert status == 400 and answer == {"code": 305, "error": "No effect on updating/deleting a document."}
    status, answer = api.call("DELETE", f"/1.1/classes/{cls}/{oid}", params={"where": where})
    assert answer["code"] == 305
    api.ok("PUT", f"/1.1/classes/{cls}/{oid}", {"balance": {"__op": "Decrement", "amount": 5}},
           params={"where": json.dumps({"balance": {"$gte": 5}})})
    assert api.ok("GET", f"/1.1/classes/{cls}/{oid}")["balance"] == 5
    api.ok("DELETE", f"/1.1/classes/{cls}/{oid}", params={"where": json.dumps({"balance": 5})})
    assert api.ok("GET", f"/1.1/classes/{cls}/{oid}") == {}


def test_schema_learned_and_type_change_is_111(api, master_api):
    cls = unique_class()
    oid = api.create(cls, title="x", score=1, when=DATE,
                     owner={"__type": "Pointer", "className": "_User", "objectId": "u1"})
    for field, wrong in (("title", 5), ("score", "five"), ("when", "today"),
                         ("owner", {"__type": "Pointer", "className": "Other", "objectId": "x"})):
        status, answer = api.call("POST", f"/1.1/classes/{cls}", {field: wrong})
        assert status == 400 and answer["code"] == 111, field
        status, answer = api.call("PUT", f"/1.1/classes/{cls}/{oid}", {field: wrong})
        assert answer["code"] == 111, field
    status, _ = api.call("GET", f"/1.1/schemas/{cls}")
    assert status == 401
    schema = master_api.ok("GET", f"/1.1/schemas/{cls}")
    assert schema["title"] == {"type": "String"} and schema["score"] == {"type": "Number"}
    assert schema["when"] == {"type": "Date"}
    assert schema["owner"] == {"type": "Pointer", "className": "_User"}
    assert schema["objectId"] == {"type": "String"}
    assert cls in master_api.ok("GET", "/1.1/schemas")


def test_validation_codes(api):
    cls = unique_class()
    cases = [
        ("POST", "/1.1/classes/9bad", {"a": 1}, 103),
        ("POST", "/1.1/classes/bad-name", {"a": 1}, 103),
        ("POST", f"/1.1/classes/{cls}", {"1abc": 1}, 105),
        ("POST", f"/1.1/classes/{cls}", {"_secret": 1}, 105),
        ("POST", f"/1.1/classes/{cls}", {"a$b": 1}, 105),
        ("POST", f"/1.1/classes/{cls}", {"p": {"__type": "Pointer", "className": "X"}}, 106),
        ("POST", f"/1.1/classes/{cls}", {"p": {"__type": "Pointer", "objectId": "abc"}}, 106),
        ("POST", f"/1.1/classes/{cls}", {"g": {"__type": "GeoPoint", "latitude": 91, "longitude": 0}}, 302),
        ("POST", f"/1.1/classes/{cls}", {"g": {"__type": "GeoPoint", "latitude": 0, "longitude": "x"}}, 302),
        ("POST", f"/1.1/classes/{cls}", {"big": "x" * (130 * 1024)}, 116),
        ("POST", f"/1.1/classes/{cls}", {"acl": 1, "ACL": {"*": {"read": "yes"}}}, 123),
        ("PUT", f"/1.1/classes/{cls}/not-an-id!", {"a": 1}, 104),
        ("GET", f"/1.1/classes/{cls}", None, None),
    ]
    for method, path, body, code in cases:
        status, answer = api.call(method, path, body)
        if code is None:
            assert status == 200
        else:
            assert status == 400 and answer["code"] == code, (path, body, answer)
    status, answer = api.call("POST", f"/1.1/classes/{cls}", raw=b'{"a": ')
    assert status == 400 and answer["code"] == 107
    status, answer = api.call("GET", f"/1.1/classes/{cls}", params={"where": "{bad"})
    assert status == 400 and answer["code"] == 107
    for raw in (b'{"a": NaN}', b'{"a": Infinity}', b'{"a": [-Infinity]}'):
        status, answer = api.call("POST", f"/1.1/classes/{cls}", raw=raw)
        assert status == 400 and answer["code"] == 107, raw
    status, answer = api.call("GET", f"/1.1/classes/{cls}", params={"where": '{"a": NaN}'})
    assert answer["code"] == 107


def test_body_too_large_is_413(api):
    status, answer = api.call("POST", f"/1.1/classes/{unique_class()}",
                              raw=b'{"a": "' + b"x" * (17 * 1024 * 1024) + b'"}')
    assert status == 413 and answer["code"] == 116


def test_system_fields_cannot_be_overwritten(api):
    cls = unique_class()
    oid = api.create(cls, a=1)
    before = api.ok("GET", f"/1.1/classes/{cls}/{oid}")
    api.ok("PUT", f"/1.1/classes/{cls}/{oid}", {"createdAt": "2000-01-01T00:00:00.000Z",
                                                "objectId": "ffffffffffffffffffffffff"})
    after = api.ok("GET", f"/1.1/classes/{cls}/{oid}")
    assert after["createdAt"] == before["createdAt"] and after["objectId"] == oid


def test_old_js_text_plain_body_with_method_and_keys(core_server):
    cls = unique_class()
    body = {"_ApplicationId": APP_ID, "_ApplicationKey": "core-key", "title": "plain"}
    response = requests.post(f"{core_server.url}/1.1/classes/{cls}", data=json.dumps(body),
                             headers={"Content-Type": "text/plain"})
    assert response.status_code == 201
    oid = response.json()["objectId"]
    body = {"_ApplicationId": APP_ID, "_ApplicationKey": "core-key", "_method": "GET"}
    response = requests.post(f"{core_server.url}/1.1/classes/{cls}/{oid}", data=json.dumps(body),
                             headers={"Content-Type": "text/plain"})
    assert response.json()["title"] == "plain" and "_ApplicationId" not in response.json()


def test_batch_answers_each_in_order(api):
    cls = unique_class()
    existing = api.create(cls, n=1)
    answer = api.ok("POST", "/1.1/batch", {"requests": [
        {"method": "POST", "path": f"/1.1/classes/{cls}", "body": {"n": 2}},
        {"method": "PUT", "path": f"/1.1/classes/{cls}/{existing}", "body": {"n": {"__op": "Increment"}}},
        {"method": "POST", "path": f"/classes/{cls}", "body": {"bad$": 1}},
        {"method": "GET", "path": f"/1.1/classes/{cls}/{existing}"},
        {"method": "POST", "path": "/1.1/classes/9bad", "body": {}},
        {"method": "DELETE", "path": f"/1/classes/{cls}/{existing}"},
    ]})
    assert len(answer) == 6
    assert "objectId" in answer[0]["success"]
    assert "updatedAt" in answer[1]["success"]
    assert answer[2]["error"]["code"] == 105
    assert answer[3]["success"]["n"] == 2
    assert answer[4]["error"]["code"] == 103
    assert answer[5] == {"success": {}}
    assert [o["n"] for o in api.find(cls)] == [2]


def test_batch_destroy_all_comma_joined(api):
    cls = unique_class()
    ids = [api.create(cls, i=i) for i in range(3)]
    answer = api.ok("POST", "/1.1/batch", {"requests": [
        {"method": "DELETE", "path": f"/1.1/classes/{cls}/{','.join(ids[:2])}"}]})
    assert answer == [{"success": {}}]
    assert [o["objectId"] for o in api.find(cls)] == [ids[2]]


def test_scan_walks_a_class_with_cursor(api, master_api):
    cls = unique_class()
    ids = {api.create(cls, i=i) for i in range(25)}
    status, answer = api.call("GET", f"/1.1/scan/classes/{cls}")
    assert status == 401
    for scan_key in ("objectId", "-createdAt", "i"):
        seen, cursor = [], None
        while True:
            params = {"limit": 10, "scan_key": scan_key}
            if cursor:
                params["cursor"] = cursor
            page = master_api.ok("GET", f"/1.1/scan/classes/{cls}", params=params)
            seen.extend(o["objectId"] for o in page["results"])
            cursor = page["cursor"]
            if not cursor:
                break
        assert len(seen) == 25 and set(seen) == ids, scan_key


def test_class_name_and_id_of_builtin_classes(api, master_api):
    oid = master_api.create("_Followee", note="x")   # clients follow through /users/.../friendship
    assert api.ok("GET", f"/1.1/classes/_Followee/{oid}")["note"] == "x"


def test_user_password_never_returned_by_object_routes(master_api):
    oid = master_api.create("_User", username="u" + unique_class(), password="secret-pass",
                            salt="salty")
    fetched = master_api.ok("GET", f"/1.1/classes/_User/{oid}")
    assert "password" not in fetched and "salt" not in fetched
    anonymous = Api(master_api.url)
    for params in ({"where": json.dumps({"objectId": oid, "password": {"$regex": "^s"}})},
                   {"where": json.dumps({"$or": [{"salt": "salty"}]})},
                   {"order": "-password"}):
        status, answer = anonymous.call("GET", "/1.1/classes/_User", params=params)
        assert status == 403 and answer["code"] == 119, params
    status, answer = anonymous.call("GET", f"/1.1/classes/{unique_class()}", params={"where": json.dumps(
        {"name": {"$select": {"query": {"className": "_User", "where": {}}, "key": "password"}}})})
    assert status == 403 and answer["code"] == 119


def test_api_under_1_prefix(api):
    cls = unique_class()
    oid = api.create(cls, a=1)
    assert api.ok("GET", f"/1/classes/{cls}/{oid}")["a"] == 1


def test_file_fields_come_back_with_name_and_url(api, master_api):
    file_id = master_api.create("_File", name="a.txt", url="http://example.com/a.txt",
                                mime_type="text/plain", metaData={"size": 3})
    cls = unique_class()
    oid = api.create(cls, doc={"__type": "File", "id": file_id},
                     docs=[{"__type": "File", "objectId": file_id}])
    fetched = api.ok("GET", f"/1.1/classes/{cls}/{oid}")
    for value in (fetched["doc"], fetched["docs"][0]):
        assert value["__type"] == "File" and value["objectId"] == file_id
        assert value["name"] == "a.txt" and value["url"] == "http://example.com/a.txt"
    assert master_api.ok("GET", f"/1.1/schemas/{cls}")["doc"] == {"type": "File"}



def test_cors_preflight_and_location_header(api):
    response = requests.options(f"{api.url}/1.1/classes/Todo", headers={
        "Origin": "http://example.com", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "X-LC-Id, X-LC-Key, Content-Type"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-LC-Id" in response.headers["Access-Control-Allow-Headers"]
    assert "PUT" in response.headers["Access-Control-Allow-Methods"]
    assert int(response.headers["Access-Control-Max-Age"]) > 0
    cls = unique_class()
    response = api.http.post(f"{api.url}/1.1/classes/{cls}", json={"a": 1})
    assert response.status_code == 201
    assert response.headers["Location"] == f"/1.1/classes/{cls}/{response.json()['objectId']}"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_dates_normalised_to_milliseconds_utc(api):
    cls = unique_class()
    oid = api.create(cls, when={"__type": "Date", "iso": "2015-06-21T20:02:52+02:00"})
    assert api.ok("GET", f"/1.1/classes/{cls}/{oid}")["when"]["iso"] == "2015-06-21T18:02:52.000Z"
    status, answer = api.call("POST", f"/1.1/classes/{cls}", {"when": {"__type": "Date", "iso": "soon"}})
    assert answer["code"] == 107


def test_increment_overflowing_to_infinity_is_refused(api):
    cls = unique_class()
    oid = api.create(cls, x=1.5e308)
    status, answer = api.call("PUT", f"/1.1/classes/{cls}/{oid}", {"x": {"__op": "Increment", "amount": 1.5e308}})
    assert status == 400 and answer["code"] == 107
    assert api.ok("GET", f"/1.1/classes/{cls}/{oid}")["x"] == 1.5e308
    assert len(api.find(cls, {"x": {"$gt": 1}})) == 1


def test_mixed_case_object_ids_work_like_any_other(api, master_api):
    """LeanCloud answers mixed-case ids like any other (its JS suite updates 'fakeid' and
    fetches 'fakeId'), and apps migrated from Parse carry ids such as 'YAfSAWwXbL'."""
    cls = unique_class()
    assert master_api.ok("POST", f"/1.1/classes/{cls}", {"objectId": "YAfSAWwXbL", "n": 1})
    assert api.ok("PUT", f"/1.1/classes/{cls}/YAfSAWwXbL", {"n": 2})["objectId"] == "YAfSAWwXbL"
    assert api.ok("GET", f"/1.1/classes/{cls}/YAfSAWwXbL")["n"] == 2
    status, answer = api.call("PUT", f"/1.1/classes/{cls}/NonexistentID", {"n": 3})
    assert answer == {"code": 1,
                      "error": f"Could not find object by id 'NonexistentID' for class '{cls}'."}
    assert api.ok("DELETE", f"/1.1/classes/{cls}/YAfSAWwXbL") == {}
    assert api.ok("GET", f"/1.1/classes/{cls}/YAfSAWwXbL") == {}
