"""``/1.1/cloudQuery`` over HTTP against a real server process on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from dataclasses import dataclass

import pytest
import requests

from leanengine.server.cql import MAX_CQL_BYTES


APP_ID, APP_KEY, MASTER_KEY = "cql-app-id", "cql-app-key", "cql-master-key"

# One API server process: the core's create_app on werkzeug's threaded server, port 0.
SERVE = """
import sys
from werkzeug.serving import make_server
from leanengine.protocol.credentials import AppKeys
from leanengine.server.app import create_app
app = create_app(sys.argv[1], AppKeys(*sys.argv[2:5]))
server = make_server("127.0.0.1", 0, app, threaded=True)
print(server.port, flush=True)
server.serve_forever()
"""


@dataclass
class Api:
    url: str

    def headers(self, master: bool = False) -> dict:
        key = f"{MASTER_KEY},master" if master else APP_KEY
        return {"X-LC-Id": APP_ID, "X-LC-Key": key}


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("cql-data")
    process = subprocess.Popen([sys.executable, "-c", SERVE, str(data_dir), APP_ID, APP_KEY, MASTER_KEY],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = process.stdout.readline().strip()
        if not port:
            pytest.fail("the API server did not start")
        yield Api(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=10)


def cloud_query(api, cql, *pvalues, session=None, master=False, method="GET"):
    headers = dict(api.headers(master=master))
    if session:
        headers["X-LC-Session"] = session
    params = {"cql": cql}
    if pvalues:
        params["pvalues"] = json.dumps(list(pvalues))
    if method == "GET":
        return requests.get(f"{api.url}/1.1/cloudQuery", params=params, headers=headers, timeout=30)
    return requests.post(f"{api.url}/1.1/cloudQuery", json=params, headers=headers, timeout=30)


def ok(response):
    assert response.status_code == 200, response.text
    return response.json()


def unique_class():
    return "Cql" + uuid.uuid4().hex[:12]


def create(api, class_name, body, master=False, session=None):
    headers = dict(api.headers(master=master))
    if session:
        headers["X-LC-Session"] = session
    response = requests.post(f"{api.url}/1.1/classes/{class_name}", json=body, headers=headers, timeout=30)
    assert response.status_code in (200, 201), response.text
    return response.json()["objectId"]


def fetch(api, class_name, object_id):
    response = requests.get(f"{api.url}/1.1/classes/{class_name}/{object_id}",
                            headers=api.headers(master=True), timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_insert_select_count_round_trip(api):
    cls = unique_class()
    answer = ok(cloud_query(api, f"insert into {cls}(name, score) values('dennis', 95), (?, ?)", "catty", 80))
    assert answer["className"] == cls
    assert [len(r["objectId"]) for r in answer["results"]] == [24, 24]
    assert fetch(api, cls, answer["results"][0]["objectId"])["name"] == "dennis"

    answer = ok(cloud_query(api, f"select name, score from {cls} where score > ? order by -score", 50))
    assert [(r["name"], r["score"]) for r in answer["results"]] == [("dennis", 95), ("catty", 80)]
    assert answer["className"] == cls
    assert "count" not in answer

    answer = ok(cloud_query(api, f"select count(*) from {cls} where score >= 90"))
    assert answer == {"results": [], "count": 1, "className": cls}


def test_post_with_json_body_and_array_pvalues(api):
    cls = unique_class()
    create(api, cls, {"name": "a", "tags": ["x", "y"]})
    response = requests.post(f"{api.url}/1.1/cloudQuery", headers=api.headers(),
                             json={"cql": f"select * from {cls} where tags = ?", "pvalues": ["x"]}, timeout=30)
    assert [r["name"] for r in ok(response)["results"]] == ["a"]


def test_python_sdk_double_encoded_pvalues(api):
    cls = unique_class()
    create(api, cls, {"status": 1, "priority": 4})
    response = requests.get(f"{api.url}/1.1/cloudQuery", headers=api.headers(), timeout=30,
                            params={"cql": f"select * from {cls} where status = ? and priority = ?",
                                    "pvalues": json.dumps(json.dumps([1, 4]))})
    assert len(ok(response)["results"]) == 1


def test_typed_pvalue_and_functions(api):
    cls = unique_class()
    post_cls = unique_class()
    post = create(api, post_cls, {"title": "t"})
    create(api, cls, {"name": "on post", "post": {"__type": "Pointer", "className": post_cls, "objectId": post}})
    create(api, cls, {"name": "elsewhere"})
    answer = ok(cloud_query(api, f"select include post, * from {cls} where post = pointer('{post_cls}', ?)", post))
    assert [r["name"] for r in answer["results"]] == ["on post"]
    assert answer["results"][0]["post"]["title"] == "t"
    since = {"__type": "Date", "iso": "2001-01-01T00:00:00.000Z"}
    answer = ok(cloud_query(api, f"select count(*) from {cls} where createdAt > ?", since))
    assert answer["count"] == 2


def test_update_and_delete_change_stored_data(api):
    cls = unique_class()
    object_id = create(api, cls, {"name": "x", "score": 1})
    answer = ok(cloud_query(api, f"update {cls} set name = ?, score = op('Increment', {{'amount': 41}}) "
                                 "where objectId = ?", "y", object_id))
    assert answer["results"][0]["objectId"] == object_id
    stored = fetch(api, cls, object_id)
    assert (stored["name"], stored["score"]) == ("y", 42)

    response = cloud_query(api, f"update {cls} set score = 0 where objectId = ? and score > 100", object_id)
    assert response.status_code == 400
    assert response.json()["code"] == 305
    assert fetch(api, cls, object_id)["score"] == 42

    ok(cloud_query(api, f"delete from {cls} where objectId = ?", object_id))
    assert fetch(api, cls, object_id) == {}


def test_acl_private_object_is_invisible_and_untouchable(api):
    cls = unique_class()
    owner_only = {"ACL": {"0123456789abcdef01234567": {"read": True, "write": True}}}
    private = create(api, cls, {"name": "private", **owner_only}, master=True)
    create(api, cls, {"name": "public"})
    answer = ok(cloud_query(api, f"select * from {cls}"))
    assert [r["name"] for r in answer["results"]] == ["public"]
    assert ok(cloud_query(api, f"select count(*) from {cls}"))["count"] == 1
    assert ok(cloud_query(api, f"select count(*) from {cls}", master=True))["count"] == 2

    response = cloud_query(api, f"update {cls} set name = 'hacked' where objectId = ?", private)
    assert response.status_code >= 400
    response = cloud_query(api, f"delete from {cls} where objectId = ?", private)
    assert response.status_code >= 400
    assert fetch(api, cls, private)["name"] == "private"


def test_another_users_private_object_is_not_returned(api):
    signup = requests.post(f"{api.url}/1.1/users", headers=api.headers(), timeout=30,
                           json={"username": "cql-" + uuid.uuid4().hex[:8], "password": "pw-123456"})
    if signup.status_code == 404:
        pytest.skip("user routes are not registered in this server")
    other = requests.post(f"{api.url}/1.1/users", headers=api.headers(), timeout=30,
                          json={"username": "cql-" + uuid.uuid4().hex[:8], "password": "pw-123456"})
    alice, bob = ok(signup), ok(other)
    cls = unique_class()
    create(api, cls, {"name": "alice's", "ACL": {alice["objectId"]: {"read": True, "write": True}}},
           session=alice["sessionToken"])
    create(api, cls, {"name": "everyone's"}, session=alice["sessionToken"])
    mine = ok(cloud_query(api, f"select * from {cls} order by name", session=alice["sessionToken"]))
    assert [r["name"] for r in mine["results"]] == ["alice's", "everyone's"]
    theirs = ok(cloud_query(api, f"select * from {cls}", session=bob["sessionToken"]))
    assert [r["name"] for r in theirs["results"]] == ["everyone's"]
    subquery = ok(cloud_query(api, f"select count(*) from {cls} where name in (select name from {cls})",
                              session=bob["sessionToken"]))
    assert subquery["count"] == 1


@pytest.mark.parametrize("cql", [
    "select * from",
    "select * form Todo",
    "select * from Todo where",
    "select * from Todo where a = sleep(1)",
    "drop table Todo",
    "update Todo set a = 1 where b = 2",
    "select * from Todo where a = ?",
])
def test_bad_cql_answers_300(api, cql):
    response = cloud_query(api, cql)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == 300
    assert body["error"]
    assert "Traceback" not in response.text


def test_missing_cql_and_too_long_cql(api):
    response = requests.get(f"{api.url}/1.1/cloudQuery", headers=api.headers(), timeout=30)
    assert (response.status_code, response.json()["code"]) == (400, 300)
    response = cloud_query(api, "select * from Todo where a = '" + "x" * MAX_CQL_BYTES + "'", method="POST")
    assert (response.status_code, response.json()["code"]) == (400, 300)


def test_bad_pvalues_answer_107(api):
    response = requests.get(f"{api.url}/1.1/cloudQuery", headers=api.headers(), timeout=30,
                            params={"cql": "select * from Todo where a = ?", "pvalues": "{oops"})
    assert (response.status_code, response.json()["code"]) == (400, 107)


def test_bad_names_answer_rest_codes(api):
    response = cloud_query(api, "select * from Todo where __secret = 1")
    assert response.json()["code"] == 105
    response = cloud_query(api, "select * from " + "C" * 200)
    assert response.json()["code"] == 103


def test_credentials_required(api):
    response = requests.get(f"{api.url}/1.1/cloudQuery", params={"cql": "select * from Todo"}, timeout=30)
    assert response.status_code == 401
