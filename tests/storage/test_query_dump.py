"""Query construction: every constraint's wire form (Query.dump). No server."""

from datetime import datetime, timezone

import pytest

import leanengine
from leanengine import Query


def where(query):
    return query.dump()["where"]


def test_query_takes_names_and_classes():
    Todo = leanengine.Object.extend("DumpTodo")
    assert Query("DumpTodo").class_name == "DumpTodo"
    assert Query(Todo)._query_class is Todo
    assert isinstance(Todo.query, Query) and Todo.query.class_name == "DumpTodo"
    assert Todo.query is not Todo.query  # a fresh query each time
    assert Query("_File")._query_class is leanengine.File
    with pytest.raises(ValueError):
        Query(42)


def test_comparisons_chain_and_collect_per_key():
    q = Query("DumpTodo")
    assert q.greater_than("age", 18).less_than_or_equal_to("age", 30) is q
    q.not_equal_to("firstName", "Jack").less_than("b", 1).greater_than_or_equal_to("c", 2)
    assert where(q) == {"age": {"$gt": 18, "$lte": 30}, "firstName": {"$ne": "Jack"},
                        "b": {"$lt": 1}, "c": {"$gte": 2}}


def test_equal_to_replaces_earlier_condition():
    q = Query("DumpTodo").equal_to("priority", 0).equal_to("priority", 1)
    assert where(q) == {"priority": 1}


def test_membership_arrays_and_existence():
    q = (Query("DumpTodo").contained_in("priority", [1, 2]).not_contained_in("t", ("x",))
         .contains_all("tags", ["work", "sales"]).size_equal_to("tags", 3)
         .exists("images").does_not_exist("gone"))
    assert where(q) == {"priority": {"$in": [1, 2]}, "t": {"$nin": ["x"]},
                        "tags": {"$all": ["work", "sales"], "$size": 3},
                        "images": {"$exists": True}, "gone": {"$exists": False}}
    assert where(Query("DumpTodo").does_not_exists("images")) == {"images": {"$exists": False}}


def test_string_patterns_are_quoted():
    q = Query("DumpTodo").startswith("a", "lunch").endswith("b", "x.y").contains("c", "a+b")
    assert where(q) == {"a": {"$regex": "^lunch"}, "b": {"$regex": r"x\.y$"},
                        "c": {"$regex": r"a\+b"}}
    m = Query("DumpTodo").matched("title", "^((?!ticket).)*$", ignore_case=True,
                                  multi_line=True)
    assert where(m) == {"title": {"$regex": "^((?!ticket).)*$", "$options": "im"}}
    assert where(Query("DumpTodo").matched("t", "^a")) == {"t": {"$regex": "^a"}}
    with pytest.raises(TypeError):
        Query("DumpTodo").matched("t", 5)


def test_typed_values_are_encoded():
    when = datetime(2016, 11, 13, tzinfo=timezone.utc)
    post = leanengine.Object.create("DumpPost")
    post.id = "p1"
    q = Query("DumpComment").equal_to("post", post).greater_than_or_equal_to("createdAt", when)
    date = {"__type": "Date", "iso": "2016-11-13T00:00:00.000Z"}
    assert where(q) == {"post": {"__type": "Pointer", "className": "DumpPost", "objectId": "p1"},
                        "createdAt": {"$gte": date}}


def test_sub_queries():
    inner = Query("DumpPost").exists("image").limit(5)
    q = Query("DumpComment").matches_query("post", inner)
    assert where(q) == {"post": {"$inQuery": {"where": {"image": {"$exists": True}},
                                              "limit": 5, "className": "DumpPost"}}}
    q = Query("DumpComment").does_not_match_query("post", inner)
    assert where(q)["post"]["$notInQuery"]["className"] == "DumpPost"
    q = Query("DumpComment").matches_key_in_query("author", "owner", inner)
    assert where(q)["author"]["$select"] == {"key": "owner", "query": {
        "where": {"image": {"$exists": True}}, "limit": 5, "className": "DumpPost"}}
    q = Query("DumpComment").does_not_match_key_in_query("author", "owner", inner)
    assert where(q)["author"]["$dontSelect"]["key"] == "owner"


def test_or_and_compound_queries():
    a = Query("DumpTodo").greater_than_or_equal_to("priority", 3)
    b = Query("DumpTodo").equal_to("isComplete", True)
    assert where(Query.or_(a, b)) == {"$or": [{"priority": {"$gte": 3}}, {"isComplete": True}]}
    assert where(Query.and_(a, b)) == {"$and": [{"priority": {"$gte": 3}}, {"isComplete": True}]}
    nested = Query.and_(Query.or_(a, b), Query.or_(b, a))
    assert where(nested)["$and"][0] == {"$or": [{"priority": {"$gte": 3}}, {"isComplete": True}]}
    with pytest.raises(ValueError):
        Query.or_(a)
    with pytest.raises(TypeError):
        Query.or_(a, Query("DumpOther"))


def test_geo_constraints():
    point = leanengine.GeoPoint(39.9, 116.4)
    wire_point = {"__type": "GeoPoint", "latitude": 39.9, "longitude": 116.4}
    assert where(Query("DumpTodo").near("loc", point)) == {"loc": {"$nearSphere": wire_point}}
    q = Query("DumpTodo").within_kilometers("loc", point, 6371.0, 637.1)
    assert where(q) == {"loc": {"$nearSphere": wire_point, "$maxDistance": 1.0,
                                "$minDistance": pytest.approx(0.1)}}
    q = Query("DumpTodo").within_miles("loc", point, 3958.8)
    assert where(q)["loc"]["$maxDistance"] == pytest.approx(1.0)
    q = Query("DumpTodo").within_radians("loc", point, 0.5)
    assert where(q)["loc"] == {"$nearSphere": wire_point, "$maxDistance": 0.5}
    q = Query("DumpTodo").within_geo_box("loc", leanengine.GeoPoint(30, 115),
                                         leanengine.GeoPoint(40, 118))
    assert where(q) == {"loc": {"$within": {"$box": [
        {"__type": "GeoPoint", "latitude": 30, "longitude": 115},
        {"__type": "GeoPoint", "latitude": 40, "longitude": 118}]}}}
    with pytest.raises(ValueError):
        Query("DumpTodo").near("loc", None)


def test_order_paging_keys_and_include():
    q = (Query("DumpTodo").ascending("a").descending("b").add_ascending("c")
         .add_descending("d").limit(10).skip(20).select("title", "content")
         .select("x").include("post").include(["post.author"]).include_acl())
    assert q.dump() == {"where": {}, "order": "-b,c,-d", "limit": 10, "skip": 20,
                        "keys": "title,content,x", "include": "post,post.author",
                        "returnACL": "true"}
    assert Query("DumpTodo").dump() == {"where": {}}
    with pytest.raises(ValueError):
        Query("DumpTodo").limit(1001)


def test_relation_queries():
    folder = leanengine.Object.create("DumpFolder")
    folder.id = "f1"
    q = folder.relation("tags").query
    assert q.class_name == "DumpFolder"
    assert q.dump() == {"where": {"$relatedTo": {
        "object": {"__type": "Pointer", "className": "DumpFolder", "objectId": "f1"},
        "key": "tags"}}, "redirectClassNameForKey": "tags"}
    tag = leanengine.Object.create("DumpTag")
    tag.id = "t1"
    folder.relation("tags").add(tag)
    assert folder.relation("tags").query.class_name == "DumpTag"
    reverse = leanengine.Relation.reverse_query("DumpFolder", "tags", tag)
    assert reverse.class_name == "DumpFolder"
    assert where(reverse) == {"tags": {"__type": "Pointer", "className": "DumpTag",
                                       "objectId": "t1"}}


def test_friendship_queries():
    q = leanengine.User.create_follower_query("u1")
    assert isinstance(q, leanengine.FriendshipQuery) and q.class_name == "_Follower"
    assert q.dump() == {"where": {"user": {"__type": "Pointer", "className": "_User",
                                           "objectId": "u1"}}, "include": "follower"}
    assert leanengine.User.create_followee_query("u1").class_name == "_Followee"
    assert leanengine.User.create_followee_query("u1").dump()["include"] == "followee"
    with pytest.raises(TypeError):
        leanengine.User.create_followee_query("")
    with pytest.raises(TypeError):
        leanengine.FriendshipQuery("Todo")
