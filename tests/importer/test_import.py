"""``leanengine import`` of LeanCloud exports, checked through a real ``leanengine serve``."""

from __future__ import annotations

import copy

from import_helpers import write_json, write_lines

from leanengine.server.store.sqlite import SQLiteStore

TODO_ID = "5cc6abe117b54d7448151efc"
AUTHOR_ID = "5cc6abe117b54d7448151e01"
PUBLIC = {"*": {"read": True, "write": True}}

# Every kind of value a LeanCloud object holds, in the export's REST form.
TYPED_FIELDS = {
    "title": "讲讲明朝的那些事儿",
    "likes": 2333,
    "ratio": 0.25,
    "isDraft": False,
    "nothing": None,
    "tags": ["a", 1, {"__type": "Date", "iso": "2015-01-01T00:00:00.000Z"}],
    "meta": {"depth": {"n": 1}, "list": [True]},
    "publishedAt": {"__type": "Date", "iso": "2015-11-27T19:05:21.377Z"},
    "author": {"__type": "Pointer", "className": "Author", "objectId": AUTHOR_ID},
    "location": {"__type": "GeoPoint", "latitude": 39.9, "longitude": 116.4},
    "cover": {"__type": "File", "objectId": "5cc6abe117b54d7448151f00"},
    "raw": {"__type": "Bytes", "base64": "aGVsbG8="},
}
EXPECTED_SCHEMA = {
    "title": "String", "likes": "Number", "ratio": "Number", "isDraft": "Boolean",
    "tags": "Array", "meta": "Object", "publishedAt": "Date", "author": "Pointer",
    "location": "GeoPoint", "cover": "File", "raw": "Bytes",
}

LEGACY_SALT = "h60d8x797d3oa0naxybxxv9bn7xpt2yiowz68mpiwou7gwr2"
LEGACY_HASH = ("tA7BLW+NK0UeARng0693gCaVnljkglCB9snqlpCSUKjx2RgYp8VZZOQt0S5iUtlDrkJXf"
               "T3gknS4rRqjYsd/Ug==")
USER_ID = "5d1c81e76e9ba1007f89f2d2"
USER_TOKEN = "k2m9x0q4v7r1t5y8u3w6z0a2c"        # LeanCloud's shape: 25 lowercase alphanumerics
EXPORTED_USER = {
    "objectId": USER_ID, "username": "ming", "email": "ming@example.com",
    "emailVerified": True, "mobilePhoneVerified": False,
    "password": LEGACY_HASH, "salt": LEGACY_SALT, "sessionToken": USER_TOKEN,
    "authData": {"weixin": {"openid": "oWx1", "access_token": "t", "expires_in": 7200}},
    "createdAt": "2019-07-03T10:22:31.322Z", "updatedAt": "2020-11-04T03:15:32.943Z",
    "ACL": {"*": {"read": True}, USER_ID: {"read": True, "write": True}},
}


def _todo(**changes) -> dict:
    return {"objectId": TODO_ID, "createdAt": "2015-06-21T18:02:52.249Z",
            "updatedAt": "2015-11-27T19:05:21.377Z", "ACL": PUBLIC,
            **copy.deepcopy(TYPED_FIELDS), **changes}


def _stored(data_dir, class_name, object_id) -> dict | None:
    store = SQLiteStore(str(data_dir / "data.sqlite3"))
    try:
        return store.get(class_name, object_id)
    finally:
        store.close()


# --- typed values, ids and dates -------------------------------------------------------

def test_objects_keep_their_ids_dates_acl_and_every_typed_value(tmp_path, run_import, serve):
    second = {"objectId": "fchpZwSuGG", "title": "Parse-era id", "likes": 1,
              "createdAt": {"__type": "Date", "iso": "2014-05-07T19:45:50.701Z"},
              "updatedAt": "2014-05-08T15:45:20.701+08:00"}
    write_json(tmp_path / "Todo.json", {"results": [_todo(), second]})

    imported = run_import(tmp_path / "Todo.json")

    assert imported.code == 0, imported.err
    assert imported.row("Todo") == [2, 0, 0, 0]
    api = serve()
    status, body = api.call("GET", f"/1.1/classes/Todo/{TODO_ID}")
    assert status == 200, body
    expected = {k: v for k, v in TYPED_FIELDS.items() if v is not None}
    assert {k: body[k] for k in expected} == expected
    assert body["nothing"] is None
    assert (body["objectId"], body["createdAt"], body["updatedAt"]) == \
        (TODO_ID, "2015-06-21T18:02:52.249Z", "2015-11-27T19:05:21.377Z")
    status, body = api.call("GET", "/1.1/classes/Todo/fchpZwSuGG")
    assert (body["createdAt"], body["updatedAt"]) == \
        ("2014-05-07T19:45:50.701Z", "2014-05-08T07:45:20.701Z")
    # The types were learned: a Date compares as a date, a GeoPoint answers $nearSphere.
    found = api.results("Todo", {"publishedAt": {"$gt": {"__type": "Date",
                                                         "iso": "2015-01-01T00:00:00Z"}}})
    assert [o["objectId"] for o in found] == [TODO_ID]
    near = api.results("Todo", {"location": {"$nearSphere": {
        "__type": "GeoPoint", "latitude": 39.0, "longitude": 116.0}}})
    assert [o["objectId"] for o in near] == [TODO_ID]
    status, schema = api.call("GET", "/1.1/schemas/Todo", master=True)
    assert status == 200, schema
    assert {k: schema[k]["type"] for k in EXPECTED_SCHEMA} == EXPECTED_SCHEMA
    assert schema["author"]["className"] == "Author"


def test_every_file_form_imports(tmp_path, run_import, serve):
    exports = tmp_path / "export"
    (exports / "more").mkdir(parents=True)
    write_json(exports / "Plain.json", [{"objectId": "p1", "n": 1}, {"objectId": "p2", "n": 2}])
    write_json(exports / "Wrapped.json", {"results": [{"objectId": "w1", "n": 1}]})
    write_lines(exports / "Lines.jsonl", [{"objectId": "l1", "n": 1}, {"objectId": "l2"}])
    write_lines(exports / "more" / "LinesInJson.json", [{"objectId": "j1"}, {"objectId": "j2"}])
    write_lines(exports / "Chunked.0.jsonl", [{"objectId": "c1"}])
    write_lines(exports / "Chunked.1.jsonl", [{"objectId": "c2"}])
    (exports / "notes.txt").write_text("not an export")
    write_json(tmp_path / "whatever-name.json", [{"n": 5}])      # no id: a new one is made

    imported = run_import(exports)
    named = run_import(tmp_path / "whatever-name.json", "--class", "Named")

    assert imported.code == 0, imported.err
    assert named.code == 0, named.err
    api = serve()
    ids = {cls: sorted(o["objectId"] for o in api.results(cls))
           for cls in ("Plain", "Wrapped", "Lines", "LinesInJson", "Chunked")}
    assert ids == {"Plain": ["p1", "p2"], "Wrapped": ["w1"], "Lines": ["l1", "l2"],
                   "LinesInJson": ["j1", "j2"], "Chunked": ["c1", "c2"]}
    [made] = api.results("Named")
    assert made["n"] == 5 and len(made["objectId"]) == 24 and made["createdAt"]


# --- users -------------------------------------------------------------------------------

def test_exported_user_logs_in_with_its_legacy_hash_which_is_upgraded(tmp_path, run_import,
                                                                      serve, data_dir):
    write_lines(tmp_path / "_User.jsonl", [EXPORTED_USER])

    imported = run_import(tmp_path / "_User.jsonl")

    assert imported.code == 0, imported.err
    api = serve()
    status, body = api.call("POST", "/1.1/login", {"username": "ming", "password": "wrong"})
    assert (status, body["code"]) == (400, 210)
    status, body = api.call("POST", "/1.1/login", {"username": "ming", "password": "password"})
    assert status == 200, body
    assert body["objectId"] == USER_ID and body["sessionToken"]
    assert body["emailVerified"] is True and body["createdAt"] == EXPORTED_USER["createdAt"]
    assert "password" not in body and "salt" not in body
    stored = _stored(data_dir, "_User", USER_ID)
    assert stored["password"].startswith("scrypt$") and "salt" not in stored
    status, body = api.call("POST", "/1.1/login", {"username": "ming", "password": "password"})
    assert status == 200, body                   # and the upgraded hash verifies
    # The export again: the user is its own username's holder, so it is replaced.
    again = run_import(tmp_path / "_User.jsonl")
    assert again.code == 0 and again.row("_User") == [0, 1, 0, 0], again.err
    status, body = api.call("POST", "/1.1/login", {"username": "ming", "password": "password"})
    assert status == 200, body


def test_exported_session_token_works_and_secrets_never_leave(tmp_path, run_import, serve):
    write_lines(tmp_path / "_User.jsonl", [EXPORTED_USER])
    assert run_import(tmp_path / "_User.jsonl").code == 0
    api = serve()

    status, me = api.call("GET", "/1.1/users/me", token=USER_TOKEN)

    assert status == 200, me
    assert me["objectId"] == USER_ID and me["username"] == "ming"
    for answer in (me, api.call("GET", f"/1.1/users/{USER_ID}", master=True)[1],
                   api.call("GET", "/1.1/users", master=True)[1]["results"][0]):
        assert not {"password", "salt"} & set(answer), answer
    status, body = api.call("GET", "/1.1/users", params={"where": {"salt": {"$exists": True}}})
    assert (status, body["code"]) == (403, 119)


def test_owner_only_object_stays_invisible_to_others(tmp_path, run_import, serve):
    write_lines(tmp_path / "_User.jsonl", [EXPORTED_USER])
    owner_only = {USER_ID: {"read": True, "write": True}}
    write_json(tmp_path / "Diary.json", [
        {"objectId": "d1", "text": "mine", "ACL": owner_only},
        {"objectId": "d2", "text": "everyone's", "ACL": PUBLIC}])
    assert run_import(tmp_path).code == 0
    api = serve()

    assert [o["objectId"] for o in api.results("Diary")] == ["d2"]
    status, body = api.call("GET", "/1.1/classes/Diary/d1")
    assert (status, body) == (200, {})
    status, body = api.call("PUT", "/1.1/classes/Diary/d1", {"text": "defaced"})
    assert status == 403, body
    mine = sorted(o["objectId"] for o in api.results("Diary", token=USER_TOKEN))
    assert mine == ["d1", "d2"]
    status, body = api.call("GET", "/1.1/classes/Diary/d1", params={"returnACL": "true"},
                            master=True)
    assert body["text"] == "mine" and body["ACL"] == owner_only


def test_role_membership_from_a_join_file_opens_role_acls(tmp_path, run_import, serve):
    write_lines(tmp_path / "_User.jsonl", [EXPORTED_USER])
    write_lines(tmp_path / "_Role.jsonl", [{
        "objectId": "role1", "name": "Admin", "ACL": {"*": {"read": True}},
        "users": {"__type": "Relation", "className": "_User"},
        "roles": {"__type": "Relation", "className": "_Role"}}])
    write_json(tmp_path / "_Join:users:_Role.json",
               {"results": [{"owningId": "role1", "relatedId": USER_ID}]})
    write_json(tmp_path / "Memo.json", [{"objectId": "m1", "ACL": {"role:Admin": {"read": True}}}])

    imported = run_import(tmp_path)

    assert imported.code == 0, imported.err
    api = serve()
    assert api.results("Memo") == []
    assert [o["objectId"] for o in api.results("Memo", token=USER_TOKEN)] == ["m1"]


# --- relations ---------------------------------------------------------------------------

def _post(title="hello", **more):
    return {"objectId": "post1", "title": title,
            "likes": {"__type": "Relation", "className": "Fan"},
            "createdAt": "2020-01-01T00:00:00.000Z", "updatedAt": "2020-01-01T00:00:00.000Z",
            **more}


def test_join_file_rows_answer_related_to(tmp_path, run_import, serve):
    write_json(tmp_path / "Post.json", [_post(), {**_post(), "objectId": "post2"}])
    write_json(tmp_path / "Fan.json", [{"objectId": f"fan{i}", "name": f"f{i}"} for i in range(3)])
    write_json(tmp_path / "_Join:likes:Post.json", {"results": [
        {"owningId": "post1", "relatedId": "fan0"}, {"owningId": "post1", "relatedId": "fan2"},
        {"owningId": "post2", "relatedId": "fan1"}]})

    imported = run_import(tmp_path)

    assert imported.code == 0, imported.err
    assert imported.row("_Join:likes:Post") == [3, "-", "-", 0]
    api = serve()

    def fans_of(post_id):
        related = {"$relatedTo": {"object": {"__type": "Pointer", "className": "Post",
                                             "objectId": post_id}, "key": "likes"}}
        return sorted(o["objectId"] for o in api.results("Fan", related))

    assert fans_of("post1") == ["fan0", "fan2"]
    assert fans_of("post2") == ["fan1"]
    # A newer export of the owner replaces its row and leaves its relation rows be.
    write_json(tmp_path / "Post.json", [_post("edited", updatedAt="2021-01-01T00:00:00.000Z")])
    again = run_import(tmp_path / "Post.json")
    assert again.row("Post") == [0, 1, 0, 0]
    assert fans_of("post1") == ["fan0", "fan2"]
    assert api.call("GET", "/1.1/classes/Post/post1")[1]["title"] == "edited"


def test_join_file_of_an_unknown_relation_is_reported(tmp_path, run_import, data_dir):
    write_json(tmp_path / "_Join:likes:Post.json",
               {"results": [{"owningId": "post1", "relatedId": "fan0"}]})

    imported = run_import(tmp_path / "_Join:likes:Post.json")

    assert imported.code == 1
    assert "class of the related objects is unknown" in imported.err
    assert imported.row("_Join:likes:Post") == [0, "-", "-", 1]


# --- re-imports --------------------------------------------------------------------------

def test_reimport_changes_nothing_and_a_newer_export_updates(tmp_path, run_import, serve):
    api = serve()                     # the server runs on the data directory all along
    first = [_todo(), {"objectId": "old1", "n": 1, "gone": "soon",
                       "createdAt": "2020-01-01T00:00:00.000Z",
                       "updatedAt": "2020-01-01T00:00:00.000Z"}]
    write_lines(tmp_path / "Todo.jsonl", first)
    assert run_import(tmp_path / "Todo.jsonl").row("Todo") == [2, 0, 0, 0]
    before = api.results("Todo", master=True)

    again = run_import(tmp_path / "Todo.jsonl")

    assert again.code == 0 and again.row("Todo") == [0, 0, 2, 0]
    assert api.results("Todo", master=True) == before

    newer = [{"objectId": "old1", "n": 2, "createdAt": "2020-01-01T00:00:00.000Z",
              "updatedAt": "2021-06-01T00:00:00.000Z"},
             {"objectId": "new1", "n": 3, "createdAt": "2021-05-01T00:00:00.000Z",
              "updatedAt": "2021-05-01T00:00:00.000Z"}]
    write_lines(tmp_path / "Todo.jsonl", newer)
    updated = run_import(tmp_path / "Todo.jsonl")

    assert updated.code == 0 and updated.row("Todo") == [1, 1, 0, 0]
    status, old = api.call("GET", "/1.1/classes/Todo/old1")
    assert (old["n"], old["updatedAt"], "gone" in old) == (2, "2021-06-01T00:00:00.000Z", False)
    assert api.call("GET", "/1.1/classes/Todo/new1")[1]["n"] == 3
    assert api.call("GET", f"/1.1/classes/Todo/{TODO_ID}")[1]["title"] == TYPED_FIELDS["title"]


# --- bad input ---------------------------------------------------------------------------

def test_bad_input_is_reported_and_good_data_is_kept(tmp_path, run_import, serve):
    exports = tmp_path / "export"
    exports.mkdir()
    write_json(exports / "Good.json", [{"objectId": "g1", "n": 1}])
    (exports / "Broken.json").write_text('[{"objectId": "b1", "n": 1},\n {"objectId": ]')
    write_lines(exports / "Typed.jsonl", [
        {"objectId": "t1", "n": 1, "when": {"__type": "Date", "iso": "2020-01-01T00:00:00Z"}},
        {"objectId": "t2", "n": 2, "when": {"__type": "Date", "iso": "not a date"}},
        {"objectId": "t3", "n": "three"},
        {"objectId": "t4", "at": {"__type": "GeoPoint", "latitude": 91, "longitude": 0}},
        {"objectId": "t5", "$bad": 1},
        {"objectId": "t6", "n": 6}])
    with open(exports / "Typed.jsonl", "a") as stream:
        stream.write('{"objectId": "t7", \n')
    write_json(exports / "my-class.json", [{"objectId": "m1"}])
    write_lines(exports / "_User.jsonl", [
        {"objectId": "u1", "username": "x", "bcryptPassword": "$2a$10$abc"},
        {"objectId": "u2", "username": "twin", "email": "twin@example.com"},
        {"objectId": "u3", "username": "twin"},
        {"objectId": "u4", "username": "other", "email": "twin@example.com"}])

    imported = run_import(exports)

    assert imported.code == 1
    err = imported.err
    assert "Broken.json line 2 column 15: malformed JSON" in err
    assert "Typed.jsonl line 2: Invalid date 'not a date'. (code 107)" in err
    assert "Typed.jsonl line 3: Invalid value type for field 'n': expected Number, got " \
           "String. (code 111)" in err
    assert "Typed.jsonl line 4: Invalid GeoPoint" in err
    assert "Typed.jsonl line 5: Invalid key name '$bad'. (code 105)" in err
    assert "Typed.jsonl line 7: malformed JSON" in err
    assert "'my-class' is not a valid class name" in err
    assert "_User.jsonl line 1: 'bcryptPassword' is not supported" in err
    assert "_User.jsonl line 3: username 'twin' is already held by user u2. (code 202)" in err
    assert "_User.jsonl line 4: email 'twin@example.com' is already held by user u2. " \
           "(code 203)" in err
    assert imported.row("Good") == [1, 0, 0, 0]
    assert imported.row("Typed") == [2, 0, 0, 5]
    assert "2 file(s) could not be imported" in imported.out
    api = serve()
    assert [o["objectId"] for o in api.results("Good")] == ["g1"]
    assert sorted(o["objectId"] for o in api.results("Typed")) == ["t1", "t6"]
    status, schema = api.call("GET", "/1.1/schemas/Typed", master=True)
    assert set(schema) - {"objectId", "createdAt", "updatedAt", "ACL"} == {"n", "when"}
    assert api.results("Broken", master=True) == []
    assert [o["objectId"] for o in api.results("_User", master=True)] == ["u2"]


def test_missing_or_empty_path_is_a_usage_error(tmp_path, run_import, data_dir):
    imported = run_import(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    empty = run_import(tmp_path / "empty")

    assert imported.code == 2
    assert "nowhere: no such file or directory" in imported.err
    assert empty.code == 2
    assert "no export files (.json, .jsonl) found" in empty.err
    assert not data_dir.exists()
