"""The store's memo: a commit forgets exactly the entries reading a class it wrote."""

from leanengine.server.store.memo import Memo


def test_forget_drops_readers_of_written_classes_and_unscoped_entries():
    memo = Memo()
    memo.put("token", "user-1", ("_Session", "_User"))
    memo.put("perms", {"find": "*"}, ("_ClassPermission",))
    memo.put("anything", 42, None)
    memo.put("none-value", None, ("Todo",))
    memo.forget({"_User"})
    assert memo.get("token", "gone") == "gone"
    assert memo.get("anything", "gone") == "gone"
    assert memo.get("perms") == {"find": "*"}
    assert memo.get("none-value", "gone") is None
    memo.forget({"Todo", "Other"})
    assert memo.get("none-value", "gone") == "gone"
    assert memo.get("perms") == {"find": "*"}


def test_an_entry_put_again_after_a_forget_is_kept_until_its_classes_change():
    memo = Memo()
    memo.put("token", 1, ("_Session", "_User"))
    memo.forget({"_Session"})
    memo.put("token", 2, ("_Session", "_User"))
    memo.forget({"Todo"})
    assert memo.get("token") == 2
    memo.forget({"_User"})
    assert memo.get("token") is None


def test_size_is_bounded_by_values_and_by_index_entries():
    memo = Memo(limit=10)
    for i in range(25):
        memo.put(i, i, ("A", "B", "C"))
    assert sum(memo.get(i) is not None for i in range(25)) <= 10
    memo = Memo(limit=10)
    for i in range(200):                     # one key, many readers: the index stays bounded
        memo.put("k", i, (f"C{i}",))
    assert memo.get("k") == 199 and memo._indexed <= 40
