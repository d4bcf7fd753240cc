"""Every where operator of rest.mdx, order/limit/skip/count/keys/include, over raw HTTP."""

from __future__ import annotations

import json

import pytest

from core_helpers import unique_class


def d(iso):
    return {"__type": "Date", "iso": iso}


def ptr(cls, oid):
    return {"__type": "Pointer", "className": cls, "objectId": oid}


@pytest.fixture(scope="module")
def data(core_server):
    from core_helpers import Api
    api = Api(core_server.url)
    cls, authors = unique_class("Q"), unique_class("A")
    alice = api.create(authors, name="alice", rank=1, city="Paris")
    bob = api.create(authors, name="bob", rank=2, city="Berlin")
    rows = [
        dict(name="a", n=1, f=1.5, tags=["x", "y"], ok=True, when=d("2020-01-01T00:00:00.000Z"),
             author=ptr(authors, alice), loc={"__type": "GeoPoint", "latitude": 0, "longitude": 0},
             meta={"color": "red", "size": 3}, title="Hello World", town="Paris"),
        dict(name="b", n=2, f=2.5, tags=["y"], ok=False, when=d("2021-01-01T00:00:00.000Z"),
             author=ptr(authors, bob), loc={"__type": "GeoPoint", "latitude": 0, "longitude": 1},
             meta={"color": "blue", "size": 5}, title="hello there", town="Berlin"),
        dict(name="c", n=3, tags=[], when=d("2022-01-01T00:00:00.000Z"),
             loc={"__type": "GeoPoint", "latitude": 10, "longitude": 10},
             meta={"color": "red", "size": 7}, title="a.b*c", nothing=None, town="Rome"),
        dict(name="d", n=10, tags=["x"], title="Ünïcode", authors=[ptr(authors, alice), ptr(authors, bob)]),
    ]
    ids = {row["name"]: api.create(cls, **row) for row in rows}
    return api, cls, authors, ids, {"alice": alice, "bob": bob}


def names(api, cls, where=None, **params):
    return sorted(o["name"] for o in api.find(cls, where, **params))


CASES = [
    ({"name": "a"}, "a"),
    ({"n": 2}, "b"),
    ({"n": {"$ne": 2}}, "acd"),
    ({"n": {"$lt": 3}}, "ab"),
    ({"n": {"$lte": 3}}, "abc"),
    ({"n": {"$gt": 2}}, "cd"),
    ({"n": {"$gte": 2, "$lt": 10}}, "bc"),
    ({"f": {"$gt": 2}}, "b"),
    ({"name": {"$gt": "b"}}, "cd"),
    ({"n": {"$in": [1, 3, 99]}}, "ac"),
    ({"n": {"$nin": [1, 3]}}, "bd"),
    ({"ok": True}, "a"),
    ({"ok": False}, "b"),
    ({"ok": {"$exists": True}}, "ab"),
    ({"ok": {"$exists": False}}, "cd"),
    ({"nothing": {"$exists": True}}, "c"),
    ({"tags": "x"}, "ad"),
    ({"tags": {"$all": ["x", "y"]}}, "a"),
    ({"tags": {"$in": ["y"]}}, "ab"),
    ({"tags": {"$nin": ["x"]}}, "bc"),
    ({"tags": {"$size": 0}}, "c"),
    ({"tags": {"$size": 2}}, "a"),
    ({"tags": ["x", "y"]}, "a"),
    ({"title": {"$regex": "^hello"}}, "b"),
    ({"title": {"$regex": "^hello", "$options": "i"}}, "ab"),
    ({"title": {"$regex": "\\Qa.b*c\\E"}}, "c"),
    ({"title": {"$regex": "^\\Qa.b\\E"}}, "c"),
    ({"title": {"$regex": "\\Qa.x\\E"}}, ""),
    ({"title": {"$regex": "^Ü"}}, "d"),
    ({"title": {"$regex": "^((?!there).)*$"}}, "acd"),
    ({"title": {"$regex": "^((?!hello).)*$", "$options": "i"}}, "cd"),
    ({"when": {"$gt": d("2020-06-01T00:00:00.000Z")}}, "bc"),
    ({"when": {"$lte": d("2021-01-01T00:00:00.000Z")}}, "ab"),
    ({"when": d("2021-01-01T00:00:00Z")}, "b"),
    ({"meta.color": "red"}, "ac"),
    ({"meta.size": {"$gte": 5}}, "bc"),
    ({"meta": {"color": "blue", "size": 5}}, "b"),
    ({"$or": [{"n": 1}, {"n": 10}]}, "ad"),
    ({"tags": {"$regex": "^x"}}, "ad"),
    ({"meta.color": {"$exists": True}}, "abc"),
    ({"meta.missing": {"$exists": False}}, "abcd"),
    ({"nothing": None}, "abcd"),
    ({"ok": {"$ne": True}}, "bcd"),
    ({"name": {"$in": ["a", "b"]}, "n": {"$gt": 1}}, "b"),
    ({"title": {"$not": {"$regex": "^[hH]"}}}, "cd"),
    ({"n": {"$not": {"$gt": 2}}}, "ab"),
    ({"n": 10 ** 30}, ""),
    ({"n": {"$lt": 10 ** 30}}, "abcd"),
    ({"loc": {"$nearSphere": {"__type": "GeoPoint", "latitude": 0, "longitude": 0},
              "$minDistanceInKilometers": 50, "$maxDistanceInKilometers": 200}}, "b"),
    ({"loc": {"$nearSphere": {"__type": "GeoPoint", "latitude": 0, "longitude": 0},
              "$minDistance": 0.01}}, "bc"),
    ([{"n": {"$ne": 1}}, {"n": {"$exists": True, "$lt": 10}}], "bc"),
    ({"title": {"$regex": "hello  # a comment\n  \\sthere", "$options": "x"}}, "b"),
    ({"title": {"$regex": "^h.*E$", "$options": "im"}}, "b"),
    ({"$and": [{"n": {"$gt": 1}}, {"n": {"$lt": 10}}]}, "bc"),
    ({"$or": [{"name": "a"}, {"$and": [{"n": {"$gt": 2}}, {"tags": "x"}]}]}, "ad"),
    ({"loc": {"$within": {"$box": [[-1, -1], [1, 2]]}}}, "ab"),
    ({"loc": {"$within": {"$box": [{"__type": "GeoPoint", "latitude": -1, "longitude": -1},
                                   {"__type": "GeoPoint", "latitude": 1, "longitude": 0.5}]}}}, "a"),
    ({"loc": {"$nearSphere": {"__type": "GeoPoint", "latitude": 0, "longitude": 0},
              "$maxDistanceInKilometers": 200}}, "ab"),
    ({"loc": {"$nearSphere": {"__type": "GeoPoint", "latitude": 0, "longitude": 0},
              "$maxDistanceInMiles": 50}}, "a"),
    ({"loc": {"$nearSphere": {"__type": "GeoPoint", "latitude": 0, "longitude": 0},
              "$maxDistance": 0.5}}, "abc"),
    ({"loc": {"$nearSphere": {"__type": "GeoPoint", "latitude": 0, "longitude": 0},
              "$maxDistanceInRadians": 0.001}}, "a"),
]


@pytest.mark.parametrize("where,expected", CASES, ids=[json.dumps(c[0])[:60] for c in CASES])
def test_operator(data, where, expected):
    api, cls, *_ = data
    assert "".join(names(api, cls, where)) == expected


def test_pointer_equality_and_array_of_pointers(data):
    api, cls, authors, ids, people = data
    assert names(api, cls, {"author": ptr(authors, people["alice"])}) == ["a"]
    assert names(api, cls, {"authors": ptr(authors, people["bob"])}) == ["d"]
    assert names(api, cls, {"author": {"$in": [ptr(authors, people["bob"])]}}) == ["b"]
    assert names(api, cls, {"objectId": ids["c"]}) == ["c"]
    assert names(api, cls, {"objectId": {"$in": [ids["a"], ids["d"]]}}) == ["a", "d"]


def test_subqueries(data):
    api, cls, authors, ids, people = data
    in_paris = {"className": authors, "where": {"city": "Paris"}}
    assert names(api, cls, {"author": {"$inQuery": in_paris}}) == ["a"]
    assert names(api, cls, {"author": {"$notInQuery": in_paris}}) == ["b", "c", "d"]
    assert names(api, cls, {"authors": {"$inQuery": {"className": authors, "where": {"rank": 2}}}}) == ["d"]
    select = {"query": {"className": authors, "where": {"rank": {"$gte": 1}}}, "key": "city"}
    assert names(api, cls, {"town": {"$select": select}}) == ["a", "b"]
    assert names(api, cls, {"town": {"$dontSelect": select}}) == ["c", "d"]
    followees = unique_class("F")
    api.create(followees, user="me", followee=ptr(authors, people["bob"]))
    select = {"query": {"className": followees, "where": {"user": "me"}}, "key": "followee"}
    assert names(api, cls, {"author": {"$select": select}}) == ["b"]


def test_created_at_comparisons(data):
    api, cls, *_ = data
    everything = api.find(cls, order="createdAt")
    first = everything[0]["createdAt"]
    later = api.find(cls, {"createdAt": {"$gt": d(first)}})
    assert len(later) == len(everything) - sum(o["createdAt"] == first for o in everything)
    assert len(api.find(cls, {"updatedAt": {"$gte": d(first)}})) == 4


def test_order_limit_skip_count(data):
    api, cls, *_ = data
    assert [o["name"] for o in api.find(cls, order="-n")] == ["d", "c", "b", "a"]
    assert [o["name"] for o in api.find(cls, order="town,-n")][:3] == ["d", "b", "a"]
    assert [o["name"] for o in api.find(cls, order="-when")] == ["c", "b", "a", "d"]
    assert [o["name"] for o in api.find(cls, order="n", limit=2, skip=1)] == ["b", "c"]
    answer = api.ok("GET", f"/1.1/classes/{cls}", params={"count": 1, "limit": 0,
                                                          "where": json.dumps({"n": {"$gt": 1}})})
    assert answer == {"results": [], "count": 3}
    answer = api.ok("GET", f"/1.1/classes/{cls}", params={"count": 1, "limit": 1, "order": "n"})
    assert answer["count"] == 4 and [o["name"] for o in answer["results"]] == ["a"]


def test_limit_rules(core_server):
    from core_helpers import Api
    api = Api(core_server.url)
    cls = unique_class("L")
    api.ok("POST", "/1.1/batch", {"requests": [
        {"method": "POST", "path": f"/1.1/classes/{cls}", "body": {"i": i}} for i in range(150)]})
    for limit, expected in ((None, 100), (1, 1), (150, 150), (1000, 150), (0, 100), (-5, 100),
                            (1001, 100), ("x", 100)):
        params = {} if limit is None else {"limit": limit}
        assert len(api.find(cls, **params)) == expected, limit


def test_geo_results_ordered_by_distance(data):
    api, cls, *_ = data
    where = {"loc": {"$nearSphere": {"__type": "GeoPoint", "latitude": 10, "longitude": 10}}}
    assert [o["name"] for o in api.find(cls, where)] == ["c", "b", "a"]
    assert [o["name"] for o in api.find(cls, where, order="name")] == ["a", "b", "c"]


def test_keys_and_exclusion(data):
    api, cls, *_ = data
    rows = api.find(cls, {"name": "a"}, keys="name,n")
    assert set(rows[0]) == {"name", "n", "objectId", "createdAt", "updatedAt"}
    rows = api.find(cls, {"name": "a"}, keys="-tags,-meta")
    assert "tags" not in rows[0] and "meta" not in rows[0] and rows[0]["title"] == "Hello World"
    fetched = api.ok("GET", f"/1.1/classes/{cls}/{rows[0]['objectId']}", params={"keys": "title"})
    assert set(fetched) == {"title", "objectId", "createdAt", "updatedAt"}


def test_keys_reach_into_embedded_objects(data):
    """LeanCloud's dot-notation guide: ``keys=occupation.profession`` answers the embedded
    object with that one property; ``-meta.size`` drops just that property."""
    api, cls, authors, ids, _ = data
    row = api.find(cls, {"name": "a"}, keys="meta.color,name")[0]
    assert row["meta"] == {"color": "red"} and row["name"] == "a" and "title" not in row
    assert set(row) == {"meta", "name", "objectId", "createdAt", "updatedAt"}
    row = api.find(cls, {"name": "b"}, keys="-meta.size")[0]
    assert row["meta"] == {"color": "blue"} and row["title"] == "hello there"
    fetched = api.ok("GET", f"/1.1/classes/{cls}/{ids['a']}", params={"keys": "meta.size"})
    assert fetched["meta"] == {"size": 3} and "name" not in fetched
    row = api.find(cls, {"name": "d"}, include="authors", keys="authors.name")[0]
    assert [set(a) for a in row["authors"]] == [{"__type", "className", "objectId", "name",
                                                 "createdAt", "updatedAt"}] * 2
    row = api.find(cls, {"name": "a"}, keys="author.name,loc.latitude")[0]
    assert row["author"] == ptr(authors, row["author"]["objectId"])    # not included: as is
    assert row["loc"] == {"__type": "GeoPoint", "latitude": 0, "longitude": 0}


def test_include_pointers_nested_and_in_arrays(data):
    api, cls, authors, ids, people = data
    boss = api.create(authors, name="boss")
    api.ok("PUT", f"/1.1/classes/{authors}/{people['alice']}", {"boss": ptr(authors, boss)})
    row = api.find(cls, {"name": "a"}, include="author.boss")[0]
    assert row["author"]["__type"] == "Pointer" and row["author"]["className"] == authors
    assert row["author"]["name"] == "alice" and row["author"]["boss"]["name"] == "boss"
    row = api.find(cls, {"name": "d"}, include="authors")[0]
    assert [a["name"] for a in row["authors"]] == ["alice", "bob"]
    row = api.find(cls, {"name": "a"}, include="author", keys="author.name")[0]
    assert set(row["author"]) >= {"name", "objectId"} and "rank" not in row["author"]
    row = api.find(cls, {"name": "a"}, include="author", keys="-author.rank,-createdAt")[0]
    assert "rank" not in row["author"] and row["author"]["name"] == "alice"
    assert "createdAt" not in row and "updatedAt" in row
    fetched = api.ok("GET", f"/1.1/classes/{cls}/{ids['b']}", params={"include": "author"})
    assert fetched["author"]["name"] == "bob"


def test_included_object_keeps_its_class_over_a_field_named_class_name(core_server):
    from core_helpers import Api
    api, cls, authors = Api(core_server.url), unique_class("Q"), unique_class("A")
    odd = api.create(authors, name="odd", className="NotAClass")
    owner = api.create(cls, name="owns odd", author=ptr(authors, odd))
    row = api.find(cls, {"objectId": owner}, include="author")[0]
    assert row["author"]["className"] == authors and row["author"]["__type"] == "Pointer"
    assert row["author"]["name"] == "odd" and row["author"]["objectId"] == odd


def test_invalid_queries(data):
    api, cls, *_ = data
    for where, code in (({"n": {"$foo": 1}}, 102), ({"$nope": []}, 102), ({"n": {"$in": 5}}, 102),
                        ({"a b": 1}, 105), ({"title": {"$regex": "("}}, 102),
                        ({"loc": {"$nearSphere": {"latitude": 100, "longitude": 0}}}, 302)):
        status, answer = api.call("GET", f"/1.1/classes/{cls}", params={"where": json.dumps(where)})
        assert status == 400 and answer["code"] == code, where


def test_injection_attempts_are_inert(data):
    api, cls, *_ = data
    hostile = ["x') OR 1=1 --", "\" OR \"1\"=\"1", "'; DROP TABLE objects; --"]
    for value in hostile:
        assert api.find(cls, {"name": value}) == []
        assert api.find(cls, {"name": {"$regex": value.replace("(", "").replace(")", "")}}) == []
    for key in ("n') OR 1=1 --", 'a"b', "a'b", "n;DROP"):
        status, answer = api.call("GET", f"/1.1/classes/{cls}", params={"where": json.dumps({key: 1})})
        assert answer.get("code") == 105
        status, answer = api.call("GET", f"/1.1/classes/{cls}", params={"order": key})
        assert answer.get("code") == 105
    assert len(api.find(cls)) == 4
    cls2 = "x'; DROP TABLE objects; --"
    status, answer = api.call("GET", f"/1.1/classes/{cls2}")
    assert answer.get("code") in (103, 404)


def test_regex_is_linear_time_on_many_rows(core_server):
    """A catastrophic-backtracking pattern over many rows answers promptly with RE2."""
    from core_helpers import Api
    api = Api(core_server.url)
    cls = unique_class("R")
    for _ in range(4):
        api.ok("POST", "/1.1/batch", {"requests": [
            {"method": "POST", "path": f"/1.1/classes/{cls}", "body": {"s": "a" * 40 + "!"}}
            for _ in range(250)]})
    status, answer = api.call("GET", f"/1.1/classes/{cls}", params={
        "where": json.dumps({"s": {"$regex": "^(a+)+$"}}), "count": 1, "limit": 0})
    assert status == 200 and answer["count"] == 0


def test_long_in_lists(data):
    api, cls, authors, ids, people = data
    numbers = list(range(100, 40000)) + [1, 3]
    status, answer = api.call("POST", "/1.1/batch", {"requests": [{
        "method": "GET", "path": f"/1.1/classes/{cls}", "params": {"where": {"n": {"$in": numbers}}}}]})
    assert sorted(o["name"] for o in answer[0]["success"]["results"]) == ["a", "c"]
    status, answer = api.call("POST", "/1.1/batch", {"requests": [{
        "method": "GET", "path": f"/1.1/classes/{cls}",
        "params": {"where": {"objectId": {"$in": [ids["b"]] + [f"{i:024x}" for i in range(20000)]}}}}]})
    assert [o["name"] for o in answer[0]["success"]["results"]] == ["b"]
    assert names(api, cls, {"tags": {"$in": ["y", "zz", "qq"]}}) == ["a", "b"]
    assert names(api, cls, {"tags": {"$nin": ["y", "zz", "qq"]}}) == ["c", "d"]
    assert names(api, cls, {"n": {"$in": [2, "2", True]}}) == ["b"]


def test_oversized_queries_answer_102(data):
    api, cls, *_ = data
    huge_all = {"tags": {"$all": [f"v{i}" for i in range(20000)]}}
    status, answer = api.call("POST", "/1.1/batch", {"requests": [
        {"method": "GET", "path": f"/1.1/classes/{cls}", "params": {"where": huge_all}},
        {"method": "GET", "path": f"/1.1/classes/{cls}", "params": {"skip": 10 ** 30}}]})
    assert answer[0]["error"]["code"] == 102
    assert "success" in answer[1] or answer[1]["error"]["code"] == 102


def test_in_query_on_a_relation_field(api):
    folders, tags = unique_class("Folder"), unique_class("Tag")
    red, blue = api.create(tags, color="red"), api.create(tags, color="blue")
    warm = api.create(folders, name="warm", tags={"__op": "AddRelation", "objects": [ptr(tags, red)]})
    api.create(folders, name="cold", tags={"__op": "AddRelation", "objects": [ptr(tags, blue)]})
    where = {"tags": {"$inQuery": {"className": tags, "where": {"color": "red"}}}}
    assert [o["objectId"] for o in api.find(folders, where)] == [warm]
    assert [o["name"] for o in api.find(folders, {"tags": {"$in": [ptr(tags, blue)]}})] == ["cold"]
    assert [o["name"] for o in api.find(folders, {"tags": {"$ne": ptr(tags, blue)}})] == ["warm"]


def test_redirect_class_name_for_key(api):
    folders, tags = unique_class("Folder"), unique_class("Tag")
    tag_ids = [api.create(tags, name=str(i)) for i in range(3)]
    folder = api.create(folders, name="home", tags={"__op": "AddRelation", "objects": [
        ptr(tags, tid) for tid in tag_ids[:2]]})
    where = json.dumps({"$relatedTo": {"object": ptr(folders, folder), "key": "tags"}})
    answer = api.ok("GET", f"/1.1/classes/{folders}", params={
        "where": where, "redirectClassNameForKey": "tags", "count": 1})
    assert answer["className"] == tags and answer["count"] == 2
    assert sorted(o["name"] for o in answer["results"]) == ["0", "1"]
