"""Object local state: fields, operations, dirty tracking, subclasses, dump. No server."""

from datetime import datetime, timezone

import pytest

import leanengine
from leanengine.storage.object_ import Object


def test_extend_create_and_subclass_share_the_class_name():
    Todo = leanengine.Object.extend("LocalTodo")
    assert Todo is leanengine.Object.extend("LocalTodo")
    todo = leanengine.Object.create("LocalTodo", title="t", priority=2)
    assert isinstance(todo, Todo)
    assert todo.get("title") == "t" and todo.get("priority") == 2
    assert todo.class_name == "LocalTodo"

    class LocalStudent(leanengine.Object):
        @property
        def content(self):
            return self.get("content")

        @content.setter
        def content(self, value):
            self.set("content", value)

    student = LocalStudent()
    student.content = "blah"
    assert student.get("content") == "blah" and student.content == "blah"
    assert Object.as_class("LocalStudent") is LocalStudent
    assert Object.extend("LocalStudent") is LocalStudent


def test_class_name_can_be_given_explicitly():
    class Whatever(leanengine.Object):
        class_name = "LocalRenamed"

    assert Whatever().class_name == "LocalRenamed"

    @leanengine.Object.as_class("LocalDecorated")
    class Decorated(leanengine.Object):
        pass

    assert Decorated._class_name == "LocalDecorated"
    assert Object.as_class("LocalDecorated") is Decorated


def test_user_subclass_stays_user_class():
    class LocalUser(leanengine.User):
        def set_nickname(self, name):
            self.set("nick_name", name)

    try:
        assert LocalUser().class_name == "_User"
        assert Object.as_class("_User") is LocalUser
        assert isinstance(Object.create("_User"), leanengine.User)
    finally:
        from leanengine.storage.object_ import _registry
        _registry["_User"] = leanengine.User
    assert Object.as_class("_User") is leanengine.User
    assert Object.as_class("_Role") is leanengine.Role


def test_plain_object_cannot_be_instantiated():
    with pytest.raises(TypeError):
        leanengine.Object()
    with pytest.raises(RuntimeError):
        leanengine.Object.create_without_data("x")


def test_missing_fields_are_none_and_has_reports_presence():
    todo = Object.create("LocalTodo")
    assert todo.get("nothing") is None
    assert todo.get("nothing", 3) == 3
    assert todo.get("nothing", deafult=4) == 4
    assert not todo.has("title")
    todo.set("title", "x")
    assert todo.has("title")
    todo.unset("title")
    assert not todo.has("title")
    assert todo._dump_save() == {"title": {"__op": "Delete"}}


def test_set_with_dict_and_unset_flag():
    todo = Object.create("LocalTodo")
    assert todo.set({"a": 1, "b": 2}) is todo
    assert todo.get("a") == 1 and todo.get("b") == 2
    todo.set("a", None, unset=True)
    assert not todo.has("a")


def test_only_changed_fields_are_sent():
    todo = Object.create("LocalTodo")
    todo._update_data({"objectId": "o1", "title": "old", "priority": 1,
                       "createdAt": "2020-01-01T00:00:00.000Z"})
    assert not todo.is_dirty() and not todo.is_dirty("title")
    todo.set("title", "new")
    assert todo.is_dirty() and todo.is_dirty("title") and not todo.is_dirty("priority")
    assert todo._dump_save() == {"title": "new"}


def test_new_object_is_dirty_and_new():
    todo = Object.create("LocalTodo")
    assert todo.is_dirty() and todo.is_new() and not todo.is_existed()
    todo.id = "abc"
    assert not todo.is_new() and not todo.is_existed()


def test_counter_and_bit_operations_merge_and_apply_locally():
    obj = Object.create("LocalCounter")
    obj._update_data({"objectId": "c", "n": 10, "flags": 0b1100})
    obj.increment("n")
    obj.increment("n", 5)
    obj.increment("n", -2)
    assert obj.get("n") == 14
    assert obj._dump_save() == {"n": {"__op": "Increment", "amount": 4}}
    obj.bit_and("flags", 0b0100)
    assert obj.get("flags") == 0b0100
    assert obj._dump_save()["flags"] == {"__op": "BitAnd", "value": 0b0100}
    other = Object.create("LocalCounter")
    other.bit_or("x", 0b01)
    other2 = Object.create("LocalCounter")
    other2.bit_xor("y", 0b11)
    assert other._dump_save() == {"x": {"__op": "BitOr", "value": 1}}
    assert other2._dump_save() == {"y": {"__op": "BitXor", "value": 3}}


def test_set_after_increment_becomes_a_set():
    obj = Object.create("LocalCounter")
    obj.set("n", 1)
    obj.increment("n", 2)
    assert obj._dump_save() == {"n": 3}


def test_array_operations():
    alarm1 = datetime(2018, 4, 30, 7, 10, tzinfo=timezone.utc)
    alarm2 = datetime(2018, 4, 30, 7, 20, tzinfo=timezone.utc)
    todo = Object.create("LocalTodo")
    todo.add_unique("alarms", alarm1)
    todo.add_unique("alarms", alarm2)
    todo.add_unique("alarms", alarm1)
    assert todo.get("alarms") == [alarm1, alarm2]
    assert todo._dump_save() == {"alarms": {"__op": "AddUnique", "objects": [
        {"__type": "Date", "iso": "2018-04-30T07:10:00.000Z"},
        {"__type": "Date", "iso": "2018-04-30T07:20:00.000Z"}]}}
    other = Object.create("LocalTodo")
    other.add("tags", "a")
    other.add("tags", "a")
    assert other._dump_save() == {"tags": {"__op": "Add", "objects": ["a", "a"]}}
    saved = Object.create("LocalTodo")
    saved._update_data({"objectId": "s", "tags": ["a", "b", "a"]})
    saved.remove("tags", "a")
    assert saved.get("tags") == ["b"]
    assert saved._dump_save() == {"tags": {"__op": "Remove", "objects": ["a"]}}


def test_incompatible_pending_operations_are_refused():
    obj = Object.create("LocalTodo")
    obj._update_data({"objectId": "x"})
    obj.add("tags", "a")
    with pytest.raises(ValueError):
        obj.remove("tags", "a")


def test_clear_removes_every_field():
    obj = Object.create("LocalTodo")
    obj._update_data({"objectId": "x", "a": 1, "b": 2})
    assert obj.clear() is obj
    assert not obj.has("a") and not obj.has("b")
    assert obj._dump_save() == {"a": {"__op": "Delete"}, "b": {"__op": "Delete"}}


def test_metadata_fields_and_dates():
    obj = Object.create("LocalTodo")
    obj._update_data({"objectId": "m1", "createdAt": "2017-11-11T07:19:15.549Z",
                      "updatedAt": {"__type": "Date", "iso": "2017-11-12T07:19:15.549Z"}})
    assert obj.id == "m1" and obj.get("objectId") == "m1"
    assert obj.created_at == datetime(2017, 11, 11, 7, 19, 15, 549000, tzinfo=timezone.utc)
    assert obj.updated_at.tzinfo is not None and obj.get("updatedAt") == obj.updated_at
    assert obj.is_existed()


def test_dump_has_every_field_in_wire_form():
    obj = Object.create("LocalTodo")
    obj._update_data({"objectId": "d1", "createdAt": "2017-11-11T07:19:15.549Z"})
    obj.set("where", leanengine.GeoPoint(1, 2))
    obj.set("when", datetime(2020, 1, 1, tzinfo=timezone.utc))
    dumped = obj.dump()
    assert dumped == {
        "__type": "Object", "className": "LocalTodo", "objectId": "d1",
        "createdAt": "2017-11-11T07:19:15.549Z", "updatedAt": "2017-11-11T07:19:15.549Z",
        "where": {"__type": "GeoPoint", "latitude": 1, "longitude": 2},
        "when": {"__type": "Date", "iso": "2020-01-01T00:00:00.000Z"}}


def test_acl_getters_and_setters():
    obj = Object.create("LocalTodo")
    assert obj.get_acl() is None
    acl = leanengine.ACL()
    acl.set_public_read_access(True)
    assert obj.set_acl(acl) is obj
    assert obj.get_acl() is acl
    assert obj._dump_save() == {"ACL": {"*": {"read": True}}}
    with pytest.raises(TypeError):
        obj.set("ACL", "everyone")


def test_ignore_hook_flags_are_sent():
    leanengine.init("id", "key", master_key="mk")
    try:
        obj = Object.create("LocalTodo", a=1)
        obj.ignore_hook("beforeSave")
        obj.disable_after_hook()
        assert obj._dump_save()["__ignore_hooks"] == ["beforeSave", "afterSave", "afterUpdate",
                                                      "afterDelete"]
        obj.disable_before_hook()
        assert "beforeDelete" in obj._dump_save()["__ignore_hooks"]
        with pytest.raises(ValueError):
            obj.ignore_hook("beforeLunch")
        leanengine.init("id", "key")
        with pytest.raises(ValueError):
            Object.create("LocalTodo").disable_before_hook()
    finally:
        leanengine.config.reset()


def test_relation_operations_are_pending_changes():
    Tag = Object.extend("LocalTag")
    t1, t2 = Tag(), Tag()
    t1.id, t2.id = "t1", "t2"
    folder = Object.create("LocalFolder")
    relation = folder.relation("tags")
    relation.add(t1)
    relation.add(t2)
    assert folder._dump_save() == {"tags": {"__op": "AddRelation", "objects": [
        {"__type": "Pointer", "className": "LocalTag", "objectId": "t1"},
        {"__type": "Pointer", "className": "LocalTag", "objectId": "t2"}]}}
    assert folder.relation("tags") is relation
    assert relation.dump() == {"__type": "Relation", "className": "LocalTag"}
    relation.remove(t1)
    assert folder._dump_save()["tags"]["__op"] == "Batch"
    with pytest.raises(TypeError):
        relation.add(Object.create("LocalOther"))
    folder.set("plain", 1)
    with pytest.raises(TypeError):
        folder.relation("plain")


def test_role_name_and_relations():
    acl = leanengine.ACL()
    role = leanengine.Role("Admins", acl)
    assert role.get_name() == "Admins" and role.name == "Admins"
    assert role.get_acl() is acl
    assert role.get_users().key == "users" and role.users.key == "users"
    assert role.get_roles().key == "roles" and role.roles.key == "roles"
    role.set_name("Other")
    assert role.get("name") == "Other"
    with pytest.raises(ValueError):
        leanengine.Role("bad/name")
