"""Objects against the real server: the examples of storage guides 000 and 002."""

from datetime import datetime, timezone

import pytest

import leanengine
from leanengine import LeanCloudError

pytestmark = pytest.mark.usefixtures("online")


def test_create_save_and_get_back(unique):
    Todo = leanengine.Object.extend(unique("Todo"))
    todo = Todo()
    todo.set("title", "R&D Weekly Meeting")
    todo.set("content", "All team members, Tue 2pm")
    assert todo.is_new()
    todo.save()
    assert todo.id and not todo.is_new() and todo.is_existed()
    assert todo.created_at.tzinfo is not None and todo.updated_at == todo.created_at
    assert not todo.is_dirty()

    fetched = Todo.query.get(todo.id)
    assert type(fetched) is Todo
    assert fetched.get("title") == "R&D Weekly Meeting"
    assert fetched.get("content") == "All team members, Tue 2pm"
    assert fetched.id == todo.id
    assert fetched.created_at == todo.created_at
    assert fetched.get("notThere") is None  # missing fields are None, no error


def test_subclass_saves_under_its_own_name(unique):
    name = unique("Student")
    Student = type(name, (leanengine.Object,), {})
    student = Student()
    student.set("name", "Tom")
    student.save()
    found = leanengine.Query(name).get(student.id)
    assert isinstance(found, Student) and found.get("name") == "Tom"
    plain = leanengine.Object.extend(name)()
    plain.set("name", "小明")
    plain.save()
    assert leanengine.Query(name).count() == 2


def test_supported_data_types_round_trip(unique):
    # Storage guide 002, "数据类型"; plus Bytes and GeoPoint.
    SupportedType = leanengine.Object.extend(unique("SupportedType"))
    now = datetime.now(timezone.utc).replace(microsecond=123000)
    obj = SupportedType()
    obj.set("string", "工作")
    obj.set("int", 108)
    obj.set("float", 1.890)
    obj.set("boolean", True)
    obj.set("list", [1, 2, [3, 4, "string"]])
    obj.set("dict", {"item1": 12, "item2": "string item", "item3": [1, 2, "3"]})
    obj.set("date", now)
    obj.set("bytes", b"\x42\x43\x44")
    obj.set("point", leanengine.GeoPoint(39.9, 116.4))
    obj.set("nested", {"when": now, "where": leanengine.GeoPoint(1, 2)})
    obj.save()
    back = SupportedType.create_without_data(obj.id)
    back.fetch()
    assert back.get("string") == "工作"
    assert back.get("int") == 108 and back.get("float") == 1.890
    assert back.get("boolean") is True
    assert back.get("list") == [1, 2, [3, 4, "string"]]
    assert back.get("dict") == {"item1": 12, "item2": "string item", "item3": [1, 2, "3"]}
    assert back.get("date") == now and back.get("date").tzinfo is not None
    assert back.get("bytes") == b"\x42\x43\x44"
    assert back.get("point") == leanengine.GeoPoint(39.9, 116.4)
    assert back.get("nested") == {"when": now, "where": leanengine.GeoPoint(1, 2)}


def test_naive_datetimes_are_taken_as_utc(unique):
    Todo = leanengine.Object.extend(unique("Todo"))
    todo = Todo(when=datetime(2018, 4, 30, 7, 10))
    todo.save()
    todo.fetch()
    assert todo.get("when") == datetime(2018, 4, 30, 7, 10, tzinfo=timezone.utc)


def test_fetch_refreshes_and_select_include(unique):
    Todo = leanengine.Object.extend(unique("Todo"))
    todo = Todo(title="a", content="b", location="c")
    todo.save()
    other = Todo.create_without_data(todo.id)
    assert not other.is_existed()
    assert other.fetch() is other
    assert other.get("title") == "a" and other.is_existed()
    todo.set("title", "changed")
    todo.save()
    other.fetch(select=["title"])
    assert other.get("title") == "changed" and other.get("content") == "b"
    todo.unset("location")
    todo.save()
    other.fetch()
    assert not other.has("location") and other.get("content") == "b"
    with_pointer = Todo(title="p", parent=todo)
    with_pointer.save()
    loaded = Todo.create_without_data(with_pointer.id).fetch(include=["parent"])
    assert loaded.get("parent").get("title") == "changed"


def test_fetch_of_missing_object_raises_101(unique):
    Todo = leanengine.Object.extend(unique("Todo"))
    with pytest.raises(LeanCloudError) as info:
        Todo.create_without_data("5745557f71cfe40068c6abe0").fetch()
    assert info.value.code == 101
    with pytest.raises(LeanCloudError) as info:
        Todo.query.get("5745557f71cfe40068c6abe0")
    assert info.value.code == 101


def test_update_sends_only_changed_fields(unique):
    Todo = leanengine.Object.extend(unique("Todo"))
    todo = Todo(title="Sign up for Marathon", priority=2)
    todo.save()
    # Another client changes priority; our update of content must not undo it.
    other = Todo.create_without_data(todo.id)
    other.set("priority", 5)
    other.save()
    stale = Todo.create_without_data(todo.id)
    stale.set("content", "Weekly meeting has been rescheduled to Wed 3pm for this week.")
    stale.save()
    fresh = Todo.query.get(todo.id)
    assert fresh.get("priority") == 5
    assert fresh.get("title") == "Sign up for Marathon"
    assert fresh.get("content").startswith("Weekly meeting")
    assert fresh.updated_at >= fresh.created_at


def test_conditional_update_raises_305(unique):
    # Guide 000, "Updating Data Conditionally".
    Account = leanengine.Object.extend(unique("Account"))
    account = Account(balance=150)
    account.save()
    account = Account.create_without_data(account.id)
    amount = -100
    account.increment("balance", amount)
    where = Account.query.greater_than_or_equal_to("balance", -amount)
    account.fetch_when_save = True
    account.save(where=where)
    assert account.get("balance") == 50
    again = Account.create_without_data(account.id)
    again.increment("balance", amount)
    with pytest.raises(LeanCloudError) as info:
        again.save(where=Account.query.greater_than_or_equal_to("balance", -amount))
    assert info.value.code == 305
    assert Account.query.get(account.id).get("balance") == 50


def test_wiki_version_check(unique):
    # Guide 002, "保存选项": save(query) refuses when the version moved on.
    Wiki = leanengine.Object.extend(unique("Wiki"))
    wiki = Wiki()
    wiki.set("content", "Hello World!")
    wiki.set("version", 2)
    wiki.save()
    query = Wiki.query
    query.equal_to("version", 1)
    wiki.set("content", "Morning, World!")
    with pytest.raises(LeanCloudError) as info:
        wiki.save(query)
    assert info.value.code == 305
    assert Wiki.query.get(wiki.id).get("content") == "Hello World!"
    wiki.save(Wiki.query.equal_to("version", 2))
    assert Wiki.query.get(wiki.id).get("content") == "Morning, World!"


def test_where_is_refused_for_new_objects_and_other_classes(unique):
    Todo = leanengine.Object.extend(unique("Todo"))
    with pytest.raises(TypeError):
        Todo(a=1).save(where=Todo.query)
    saved = Todo(a=1)
    saved.save()
    with pytest.raises(TypeError):
        saved.save(where=leanengine.Query(unique("Other")))


def test_counters(unique):
    # Guide 002, "更新计数器".
    Todo = leanengine.Object.extend(unique("Todo"))
    created = Todo(title="t")
    created.save()
    todo = Todo.create_without_data(created.id)
    todo.set("views", 0)
    todo.save()
    todo.increment("views")
    todo.fetch_when_save = True
    todo.save()
    assert todo.get("views") == 1
    todo.increment("views", 5)
    todo.save()
    assert todo.get("views") == 6
    # Concurrent increments from two stale copies both count.
    a, b = Todo.create_without_data(created.id), Todo.create_without_data(created.id)
    a.increment("views", 2)
    b.increment("views", -1)
    a.save()
    b.save()
    assert Todo.query.get(created.id).get("views") == 7


def test_fetch_when_save_brings_back_other_fields(unique):
    Todo = leanengine.Object.extend(unique("Todo"))
    todo = Todo(title="t", n=1)
    todo.save()
    other = Todo.create_without_data(todo.id)
    other.increment("n", 10)
    other.save(fetch_when_save=True)
    assert other.get("n") == 11


def test_array_operations(unique):
    Todo = leanengine.Object.extend(unique("Todo"))
    alarm1 = datetime(2018, 4, 30, 7, 10, tzinfo=timezone.utc)
    alarm2 = datetime(2018, 4, 30, 7, 20, tzinfo=timezone.utc)
    alarm3 = datetime(2018, 4, 30, 7, 30, tzinfo=timezone.utc)
    todo = Todo()
    todo.add_unique("alarms", alarm1)
    todo.add_unique("alarms", alarm2)
    todo.add_unique("alarms", alarm3)
    todo.add("reminders", alarm1)
    todo.add("reminders", alarm2)
    todo.save()
    stored = Todo.query.get(todo.id)
    assert sorted(stored.get("alarms")) == [alarm1, alarm2, alarm3]
    assert stored.get("reminders") == [alarm1, alarm2]
    stored.add_unique("alarms", alarm1)
    stored.save()
    assert len(Todo.query.get(todo.id).get("alarms")) == 3
    stored.remove("alarms", alarm2)
    stored.save()
    assert sorted(Todo.query.get(todo.id).get("alarms")) == [alarm1, alarm3]


def test_bit_operations(unique):
    Flags = leanengine.Object.extend(unique("Flags"))
    obj = Flags(a=0b1100, b=0b1100, c=0b1100)
    obj.save()
    obj = Flags.create_without_data(obj.id)
    obj.bit_and("a", 0b0110)
    obj.bit_or("b", 0b0011)
    obj.bit_xor("c", 0b0110)
    obj.save()
    stored = Flags.query.get(obj.id)
    assert (stored.get("a"), stored.get("b"), stored.get("c")) == (0b0100, 0b1111, 0b1010)


def test_unset_and_clear(unique):
    Todo = leanengine.Object.extend(unique("Todo"))
    todo = Todo(a=1, b=2, c=3)
    todo.save()
    todo.unset("a")
    todo.save()
    stored = Todo.query.get(todo.id)
    assert not stored.has("a") and stored.get("b") == 2
    stored.clear()
    stored.save()
    again = Todo.query.get(todo.id)
    assert not again.has("b") and not again.has("c")


def test_destroy(unique):
    Todo = leanengine.Object.extend(unique("Todo"))
    todo = Todo(title="bye")
    todo.save()
    todo.destroy()
    with pytest.raises(LeanCloudError) as info:
        Todo.query.get(todo.id)
    assert info.value.code == 101


def test_save_all_and_destroy_all(unique):
    # Guide 000 "Batch Processing" and 002 "批量操作".
    Todo = leanengine.Object.extend(unique("Todo"))
    todo1, todo2, todo3 = Todo(), Todo(), Todo()
    todo1.set("status", 1)
    todo2.set("status", 2)
    todo3.set("status", 3)
    Todo.save_all([todo1, todo2, todo3])
    assert all(t.id for t in (todo1, todo2, todo3))
    assert sorted(t.get("status") for t in Todo.query.find()) == [1, 2, 3]
    for todo in (todo1, todo2, todo3):
        todo.set("isComplete", True)
    leanengine.Object.save_all([todo1, todo2, todo3])
    assert Todo.query.equal_to("isComplete", True).count() == 3
    leanengine.Object.destroy_all([todo1, todo2, todo3])
    assert Todo.query.count() == 0


def test_save_all_reports_per_object_errors(unique):
    Todo = leanengine.Object.extend(unique("Todo"))
    good = Todo(n=1)
    good.save()
    bad = Todo(n="a string")  # the field is a Number now: type mismatch
    also_good = Todo(n=2)
    with pytest.raises(leanengine.storage.BatchError) as info:
        Todo.save_all([also_good, bad])
    error = info.value
    assert [index for index, _ in error.errors] == [1]
    assert error.errors[0][1].code == 111
    assert also_good.id is not None and bad.id is None


def test_nested_unsaved_objects_are_saved_first(unique):
    # Guide 000 "One-to-One and One-to-Many Relationships".
    Post = leanengine.Object.extend(unique("Post"))
    Comment = leanengine.Object.extend(unique("Comment"))
    Author = leanengine.Object.extend(unique("Author"))
    post = Post()
    post.set("title", "I am starving!")
    post.set("content", "Hmmm, where should I go for lunch?")
    post.set("author", Author(name="deep"))
    comment = Comment()
    comment.set("content", "KFC is the best!")
    comment.set("parent", post)
    comment.save()
    assert post.id and post.get("author").id
    stored = Comment.query.include("parent", "parent.author").get(comment.id)
    parent = stored.get("parent")
    assert isinstance(parent, Post) and parent.id == post.id
    assert parent.get("title") == "I am starving!"
    assert parent.get("author").get("name") == "deep"
    # A pointer made from an id links without fetching.
    linked = Comment(post=Post.create_without_data(post.id))
    linked.save()
    assert Comment.query.equal_to("post", post).first().id == linked.id


def test_relation_add_remove_and_query(unique):
    # Guide 002 "leancloud.Relation" and "leancloud.Relation 查询".
    Tag = leanengine.Object.extend(unique("Tag"))
    TodoFolder = leanengine.Object.extend(unique("TodoFolder"))
    tag1, tag2, tag3 = Tag(name="今日必做"), Tag(name="老婆吩咐"), Tag(name="十分重要")
    for tag in (tag1, tag2, tag3):
        tag.save()
    todo_folder = TodoFolder()
    todo_folder.set("name", "家庭")
    todo_folder.set("priority", 1)
    relation = todo_folder.relation("tags")
    relation.add(tag1)
    relation.add(tag2)
    relation.add(tag3)
    todo_folder.save()

    query = todo_folder.relation("tags").query
    assert query.count() == 3
    names = sorted(t.get("name") for t in query.find())
    assert names == sorted(["今日必做", "老婆吩咐", "十分重要"])
    folder = TodoFolder.create_without_data(todo_folder.id)

    # Reverse: which folders hold tag1.
    found = leanengine.Query(TodoFolder).equal_to("tags", tag1).find()
    assert [f.id for f in found] == [todo_folder.id]
    reverse = leanengine.Relation.reverse_query(TodoFolder._class_name, "tags", tag2)
    assert [f.id for f in reverse.find()] == [todo_folder.id]

    folder.relation("tags").remove(tag1)
    folder.save()
    fetched = TodoFolder.query.get(todo_folder.id)
    relation = fetched.relation("tags")
    assert isinstance(fetched.get("tags"), leanengine.Relation)
    assert relation.target_class_name == Tag._class_name
    assert sorted(t.id for t in relation.query.find()) == sorted([tag2.id, tag3.id])


def test_relation_query_of_an_unfetched_parent(unique):
    # Guide 002: relation('tags').query on create_without_data(id): the SDK does not know
    # the target class and asks the server to redirect (redirectClassNameForKey).
    Tag = leanengine.Object.extend(unique("Tag"))
    TodoFolder = leanengine.Object.extend(unique("TodoFolder"))
    tags = [Tag(name=str(i)) for i in range(3)]
    leanengine.Object.save_all(tags)
    todo_folder = TodoFolder(name="家庭")
    todo_folder.relation("tags").add(tags)
    todo_folder.save()
    todo_folder = TodoFolder.create_without_data(todo_folder.id)
    relation = todo_folder.relation("tags")
    query = relation.query  # 返回一个 query 对象
    assert query.count() == 3
    found = query.find()
    assert all(isinstance(t, Tag) for t in found)
    assert sorted(t.get("name") for t in found) == ["0", "1", "2"]


def test_acl_is_saved_and_returned_when_asked(unique, new_user):
    Todo = leanengine.Object.extend(unique("Todo"))
    owner, _ = new_user()
    acl = leanengine.ACL()
    acl.set_public_read_access(True)
    acl.set_write_access(owner.id, True)
    todo = Todo(title="mine")
    todo.set_acl(acl)
    todo.save()
    plain = Todo.query.get(todo.id)
    assert plain.get_acl() is None  # ACL comes back only when asked
    with_acl = Todo.query.include_acl().equal_to("objectId", todo.id).first()
    assert with_acl.get_acl().get_public_read_access()
    assert with_acl.get_acl().get_write_access(owner.id)
    assert not with_acl.get_acl().get_public_write_access()
    # Another user may read but not write.
    owner.logout()
    new_user()
    stranger_copy = Todo.create_without_data(todo.id)
    stranger_copy.set("title", "hijacked")
    with pytest.raises(LeanCloudError):
        stranger_copy.save()
    assert Todo.query.get(todo.id).get("title") == "mine"


def test_cql_insert_update_delete(unique):
    # Guide 002: "使用 CQL 语法保存对象 / 更新对象 / 删除对象".
    name = unique("TodoFolder")
    leanengine.Query.do_cloud_query(f"insert into {name}(name, priority) values('工作', 78)")
    folder = leanengine.Query(name).first()
    assert folder.get("name") == "工作" and folder.get("priority") == 78
    cql = f"update {name} set name = ? where objectId = ?"
    leanengine.Query.do_cloud_query(cql, "家庭", folder.id)
    assert leanengine.Query(name).get(folder.id).get("name") == "家庭"
    leanengine.Query.do_cloud_query(f"delete from {name} where objectId = ?", folder.id)
    assert leanengine.Query(name).count() == 0


def test_names_the_guides_forbid_are_refused(unique):
    # Guide 000: class names start with a letter (letters, digits, underscores); field
    # names may not start with "__" nor be a built-in name.
    with pytest.raises(LeanCloudError) as info:
        leanengine.Object.create("1" + unique("Bad"), a=1).save()
    assert info.value.code == 103
    with pytest.raises(LeanCloudError) as info:
        leanengine.Object.create(unique("Good"), **{"__secret": 1}).save()
    assert info.value.code == 105
    with pytest.raises(LeanCloudError) as info:
        leanengine.Object.create(unique("Good"), **{"bad-key": 1}).save()
    assert info.value.code == 105


def test_objects_over_128_kb_are_refused(unique):
    big = leanengine.Object.create(unique("Big"), blob="x" * (129 * 1024))
    with pytest.raises(LeanCloudError) as info:
        big.save()
    assert info.value.code == 116


def test_destroy_all_reports_the_objects_it_could_not_delete(unique, new_user):
    Todo = leanengine.Object.extend(unique("Todo"))
    owner, _ = new_user()
    private = Todo(title="mine")
    acl = leanengine.ACL({"*": {"read": True}})
    acl.set_write_access(owner.id, True)
    private.set_acl(acl)
    private.save()
    owner.logout()
    new_user()  # someone else
    public = Todo(title="anyone's")
    public.save()
    with pytest.raises(leanengine.storage.BatchError) as info:
        leanengine.Object.destroy_all([public, private])
    assert [index for index, _ in info.value.errors] == [1]
    assert [t.get("title") for t in Todo.query.find()] == ["mine"]
