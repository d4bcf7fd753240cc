"""Typed JSON encoding and decoding, offline."""

from datetime import datetime, timezone

import pytest

import leanengine
from leanengine.storage import codec
from leanengine.storage.object_ import Object


def test_date_round_trip_is_aware_utc():
    when = datetime(2015, 6, 21, 18, 2, 52, 249000, tzinfo=timezone.utc)
    wire = codec.encode(when)
    assert wire == {"__type": "Date", "iso": "2015-06-21T18:02:52.249Z"}
    assert codec.decode(wire) == when
    assert codec.decode(wire).tzinfo is not None


def test_bytes_geopoint_and_nested_containers():
    value = {"raw": b"\x00hi", "where": leanengine.GeoPoint(39.9, 116.4), "list": [1, {"a": b"x"}]}
    wire = codec.encode(value)
    assert wire["raw"] == {"__type": "Bytes", "base64": "AGhp"}
    assert wire["where"] == {"__type": "GeoPoint", "latitude": 39.9, "longitude": 116.4}
    assert wire["list"][1]["a"] == {"__type": "Bytes", "base64": "eA=="}
    assert codec.decode(wire) == value


def test_saved_object_encodes_as_pointer_or_whole():
    todo = Object.create("CodecTodo", title="t")
    todo._update_data({"objectId": "abc", "createdAt": "2020-01-02T03:04:05.006Z"})
    assert codec.encode(todo) == {"__type": "Pointer", "className": "CodecTodo",
                                  "objectId": "abc"}
    whole = codec.encode({"x": todo}, full_objects=True)["x"]
    assert whole == {"__type": "Object", "className": "CodecTodo", "objectId": "abc",
                     "title": "t", "createdAt": "2020-01-02T03:04:05.006Z",
                     "updatedAt": "2020-01-02T03:04:05.006Z"}


def test_pointer_with_fields_decodes_to_object_of_registered_class():
    class CodecItem(leanengine.Object):
        pass

    obj = codec.decode({"__type": "Pointer", "className": "CodecItem", "objectId": "i1",
                        "name": "n", "createdAt": "2020-01-01T00:00:00.000Z"})
    assert type(obj) is CodecItem
    assert obj.id == "i1" and obj.get("name") == "n"
    assert obj.created_at == datetime(2020, 1, 1, tzinfo=timezone.utc)
    assert not obj.is_dirty()


def test_unsaved_object_without_object_id_decodes():
    obj = codec.decode({"__type": "Object", "className": "CodecNew", "title": "new"})
    assert obj.id is None and obj.get("title") == "new"
    assert obj.class_name == "CodecNew"


def test_user_pointer_decodes_to_user():
    user = codec.decode({"__type": "Pointer", "className": "_User", "objectId": "u"})
    assert isinstance(user, leanengine.User)


def test_relation_and_file_decode():
    rel = codec.decode({"likes": {"__type": "Relation", "className": "Post"}})["likes"]
    assert isinstance(rel, leanengine.Relation) and rel.target_class_name == "Post"
    f = codec.decode({"__type": "File", "objectId": "f1", "name": "a.txt",
                      "url": "http://x/a.txt"})
    assert isinstance(f, leanengine.File) and f.id == "f1" and f.url == "http://x/a.txt"
    assert codec.encode(f)["objectId"] == "f1"


def test_acl_field_decodes_to_acl():
    obj = Object.create("CodecAcl")
    obj._update_data({"ACL": {"*": {"read": True}}})
    assert obj.get_acl().get_public_read_access() is True
    assert obj.dump()["ACL"] == {"*": {"read": True}}


def test_unknown_value_is_refused():
    with pytest.raises(TypeError):
        codec.encode(object())
