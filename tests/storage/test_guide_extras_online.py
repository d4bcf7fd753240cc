"""More examples of guides 000 and 002, run as written (with ``leanengine``)."""

import pytest

import leanengine
from leanengine.storage.object_ import _registry

pytestmark = pytest.mark.usefixtures("online")


def test_basic_query_for_students_named_smith(unique):
    name = unique("Student")
    Student = leanengine.Object.extend(name)
    leanengine.Object.save_all([Student(lastName="Smith", firstName="Jack"),
                                Student(lastName="Smith", firstName="Anna"),
                                Student(lastName="Jones", firstName="Jack")])
    query = leanengine.Query(name)
    query.equal_to("lastName", "Smith")
    student_list = query.find()
    assert sorted(s.get("firstName") for s in student_list) == ["Anna", "Jack"]
    query.not_equal_to("firstName", "Jack")
    assert [s.get("firstName") for s in query.find()] == ["Anna"]


def test_contained_in_equals_or_of_equal_to(unique):
    Todo = leanengine.Object.extend(unique("Todo"))
    leanengine.Object.save_all([Todo(priority=p) for p in (0, 1, 2, 3, 1)])
    priority_one_or_two = Todo.query
    priority_one_or_two.contained_in("priority", [1, 2])
    single = sorted(t.id for t in priority_one_or_two.find())
    priority_one = Todo.query
    priority_one.equal_to("priority", 1)
    priority_two = Todo.query
    priority_two.equal_to("priority", 2)
    combined = leanengine.Query.or_(priority_one, priority_two)
    assert sorted(t.id for t in combined.find()) == single and len(single) == 3


def test_inverted_selection(unique):
    # Guide 000: "a minus prefix to the attribute name for inverted selection".
    Post = leanengine.Object.extend(unique("Post"))
    Post(title="t", author="someone", body="b").save()
    post = Post.query.select("-author").first()
    assert post.get("author") is None
    assert post.get("title") == "t" and post.get("body") == "b"


def test_my_user_subclass(unique):
    # Guide 002 "User 的子类化".
    class MyUser(leanengine.User):
        def __init__(self):
            leanengine.User.__init__(self)
            self._class_name = "_User"

        def set_nickname(self, name):
            self.set("nick_name", name)

        def get_nickname(self):
            return self.get("nick_name")

    try:
        user = MyUser()
        user.set_username(unique("my"))
        user.set_password("pw")
        user.set_nickname("Nick")
        user.sign_up()
        user.logout()
        again = MyUser()
        again.login(user.get_username(), "pw")
        assert again.get_nickname() == "Nick"
        found = leanengine.Query("_User").get(user.id)
        assert isinstance(found, MyUser) and found.get_nickname() == "Nick"
    finally:
        _registry["_User"] = leanengine.User


def test_query_students_by_the_current_users_name(new_user, unique):
    # Guide 002 "查询子类".
    user, _ = new_user()
    name = unique("Student")
    Student = leanengine.Object.extend(name)
    mine = Student()
    mine.set("pubUser", user.get_username())
    mine.save()
    Student(pubUser="someone else").save()
    query = leanengine.Query(name)
    user_name = leanengine.User.get_current().get_username()
    query.equal_to("pubUser", user_name)
    student_list = query.find()
    assert [s.id for s in student_list] == [mine.id]


def test_include_needs_no_extra_request(unique, online):
    # Guide 000: the included post is there without another request.
    Post = leanengine.Object.extend(unique("Post"))
    Comment = leanengine.Object.extend(unique("Comment"))
    post = Post(title="I am starving!")
    comments = [Comment(content=f"c{i}", post=post) for i in range(12)]
    leanengine.Object.save_all(comments)
    query = leanengine.Query(Comment._class_name)
    query.descending("createdAt")
    query.limit(10)
    query.include("post")
    comment_list = query.find()
    assert len(comment_list) == 10
    leanengine.config.set_api_server("http://127.0.0.1:9")  # nothing listens there
    try:
        for comment in comment_list:
            assert comment.get("post").get("title") == "I am starving!"
    finally:
        leanengine.config.set_api_server(online.url)
