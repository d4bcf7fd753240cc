"""CQL statements run through the real ObjectService on a real SQLite store (no HTTP)."""

import pytest

from leanengine.protocol.credentials import AppKeys
from leanengine.protocol.errors import LeanCloudError
from leanengine.server.caller import Caller
from leanengine.server.cql import parse
from leanengine.server.cql.routes import decode_pvalues, execute
from leanengine.server.services import build_services
from leanengine.server.store.sqlite import SQLiteStore

MASTER = Caller.master_key()
ALICE = Caller(user={"objectId": "a11ce0000000000000000001"})
BOB = Caller(user={"objectId": "b0b000000000000000000002"})


@pytest.fixture
def objects(tmp_path):
    store = SQLiteStore(str(tmp_path / "data.sqlite"))
    services = build_services(store, AppKeys("app", "key", "master"), str(tmp_path))
    yield services.objects
    store.close()


def run(objects, cql, *pvalues, caller=ALICE):
    return execute(objects, caller, parse(cql, list(pvalues)))


def seed_scores(objects):
    for name, score in [("dennis", 95), ("catty", 80), ("green", 60), ("dan", 0)]:
        objects.create(ALICE, "GameScore", {"name": name, "score": score})


def names(answer):
    return sorted(result["name"] for result in answer["results"])


def test_insert_then_select(objects):
    answer = run(objects, "insert into GameScore(name, score) values('leancloud', 100)")
    assert answer["className"] == "GameScore"
    [created] = answer["results"]
    assert len(created["objectId"]) == 24 and created["createdAt"].endswith("Z")
    stored = objects.get(MASTER, "GameScore", created["objectId"])
    assert (stored["name"], stored["score"]) == ("leancloud", 100)


def test_multi_row_insert(objects):
    answer = run(objects, "insert into Player(name, age) values ('LeanCloud', 2), (?, ?)", "美味书签", 3)
    assert len(answer["results"]) == 2
    assert names(run(objects, "select * from Player")) == ["LeanCloud", "美味书签"]


def test_select_where_order_limit(objects):
    seed_scores(objects)
    answer = run(objects, "select name, score from GameScore where score > ? order by -score limit 1, 2", 10)
    assert [r["name"] for r in answer["results"]] == ["catty", "green"]
    assert "count" not in answer


def test_select_or_and_parentheses(objects):
    seed_scores(objects)
    answer = run(objects, "select * from GameScore where (score > 80 and score <= 100) or score = 0")
    assert names(answer) == ["dan", "dennis"]


def test_like_in_and_not(objects):
    seed_scores(objects)
    assert names(run(objects, "select * from GameScore where name like 'd%'")) == ["dan", "dennis"]
    assert names(run(objects, "select * from GameScore where name in ('catty', 'green')")) == ["catty", "green"]
    assert names(run(objects, "select * from GameScore where not name in ('catty', 'green')")) == \
        ["dan", "dennis"]
    assert names(run(objects, "select * from GameScore where name regexp '^d.n$'")) == ["dan"]


def test_count_only_and_count_with_results(objects):
    seed_scores(objects)
    answer = run(objects, "select count(*) from GameScore where score >= 60")
    assert answer == {"results": [], "className": "GameScore", "count": 3}
    answer = run(objects, "select count(*), * from GameScore where score >= 60 limit 1")
    assert answer["count"] == 3 and len(answer["results"]) == 1


def test_subqueries(objects):
    seed_scores(objects)
    for name in ("dennis", "green", "nobody"):
        objects.create(ALICE, "Player", {"name": name})
    answer = run(objects, "select * from Player where name in (select name from GameScore where score > 50)")
    assert names(answer) == ["dennis", "green"]
    post = objects.create(ALICE, "Post", {"image": "x.png"})
    objects.create(ALICE, "Post", {"title": "no image"})
    objects.create(ALICE, "Comment", {"name": "on image",
                                      "post": {"__type": "Pointer", "className": "Post",
                                               "objectId": post["objectId"]}})
    answer = run(objects, "select include post, * from Comment where post in (select * from Post where image is exists)")
    assert names(answer) == ["on image"]
    assert answer["results"][0]["post"]["image"] == "x.png"


def test_pointer_and_date_functions(objects):
    post = objects.create(ALICE, "Post", {"title": "t"})
    objects.create(ALICE, "Comment", {"name": "c1", "post": {"__type": "Pointer", "className": "Post",
                                                           "objectId": post["objectId"]}})
    answer = run(objects, f"select * from Comment where post = pointer('Post', '{post['objectId']}')")
    assert names(answer) == ["c1"]
    assert names(run(objects, "select * from Comment where createdAt > date('2000-01-01T00:00:00.000Z')")) == ["c1"]
    assert run(objects, "select * from Comment where createdAt < date('2000-01-01T00:00:00.000Z')")["results"] == []


def test_near_and_within(objects):
    for name, lng, lat in [("beijing", 116.40, 39.90), ("tianjin", 117.20, 39.13), ("shanghai", 121.47, 31.23)]:
        objects.create(ALICE, "Place", {"name": name, "location": {"__type": "GeoPoint",
                                                                   "latitude": lat, "longitude": lng}})
    answer = run(objects, "select * from Place where location near geopoint(116.4, 39.9) max 200 km")
    assert [r["name"] for r in answer["results"]] == ["beijing", "tianjin"]
    answer = run(objects, "select * from Place where location near [121.0, 31.0]")
    assert [r["name"] for r in answer["results"]] == ["shanghai", "tianjin", "beijing"]
    answer = run(objects, "select * from Place where location within [116, 39] and [118, 40]")
    assert names(answer) == ["beijing", "tianjin"]


def test_update_and_delete(objects):
    created = objects.create(ALICE, "GameScore", {"name": "x", "score": 1})
    object_id = created["objectId"]
    answer = run(objects, "update GameScore set score = ?, name = 'y' where objectId = ?", 5, object_id)
    assert answer["results"][0]["objectId"] == object_id
    assert answer["results"][0]["updatedAt"].endswith("Z")
    stored = objects.get(MASTER, "GameScore", object_id)
    assert (stored["name"], stored["score"]) == ("y", 5)
    run(objects, "update GameScore set score = op('Increment', {'amount': 10}) where objectId = ?", object_id)
    assert objects.get(MASTER, "GameScore", object_id)["score"] == 15
    assert run(objects, "delete from GameScore where objectId = ?", object_id) == \
        {"results": [], "className": "GameScore"}
    assert objects.get(MASTER, "GameScore", object_id) is None


def test_conditional_update_and_delete_answer_305(objects):
    account = objects.create(ALICE, "Account", {"balance": 30})["objectId"]
    with pytest.raises(LeanCloudError) as caught:
        run(objects, "update Account set balance = op('Decrement', {'amount': 50}) "
                     "where objectId = ? and balance >= 50", account)
    assert caught.value.code == 305
    assert objects.get(MASTER, "Account", account)["balance"] == 30
    run(objects, "update Account set balance = op('Decrement', {'amount': 20}) "
                 "where objectId = ? and balance >= 20", account)
    assert objects.get(MASTER, "Account", account)["balance"] == 10
    with pytest.raises(LeanCloudError) as caught:
        run(objects, "delete from Account where objectId = ? and balance > 100", account)
    assert caught.value.code == 305
    assert objects.get(MASTER, "Account", account) is not None


def test_acl_hides_and_protects_another_users_object(objects):
    private = {"a11ce0000000000000000001": {"read": True, "write": True}}
    secret = objects.create(ALICE, "Note", {"text": "alice only", "ACL": private})["objectId"]
    objects.create(ALICE, "Note", {"text": "public"})
    assert [r["text"] for r in run(objects, "select * from Note", caller=BOB)["results"]] == ["public"]
    assert run(objects, "select count(*) from Note", caller=BOB)["count"] == 1
    assert run(objects, "select count(*) from Note", caller=ALICE)["count"] == 2
    with pytest.raises(LeanCloudError):
        run(objects, "update Note set text = 'hacked' where objectId = ?", secret, caller=BOB)
    with pytest.raises(LeanCloudError):
        run(objects, "delete from Note where objectId = ?", secret, caller=BOB)
    assert objects.get(MASTER, "Note", secret)["text"] == "alice only"
    assert len(run(objects, "select * from Note", caller=MASTER)["results"]) == 2


def test_injection_attempts_stay_data(objects):
    seed_scores(objects)
    assert run(objects, "select * from GameScore where name = ?", "x' or '1'='1")["results"] == []
    with pytest.raises(LeanCloudError) as caught:
        run(objects, "select * from GameScore where name = ?", {"$ne": "nobody"})
    assert caught.value.code == 300


@pytest.mark.parametrize("raw,expected", [
    (None, []),
    ("", []),
    ("[1, \"a\"]", [1, "a"]),
    ("\"[1, 4]\"", [1, 4]),          # the Python SDK's double encoding of one list argument
    ([2, 3], [2, 3]),                 # already decoded (JSON body)
    ("[100000000000000000000000000000]", [1e29]),   # past 64 bits: a double, as in JSON clients
    ([10 ** 29, [10 ** 29]], [1e29, [1e29]]),
])
def test_decode_pvalues(raw, expected):
    assert decode_pvalues(raw) == expected


@pytest.mark.parametrize("raw", ["{", "{\"a\": 1}", "5", "[NaN]", "[Infinity]", "[" * 100000])
def test_decode_pvalues_rejects_non_arrays(raw):
    with pytest.raises(LeanCloudError) as caught:
        decode_pvalues(raw)
    assert caught.value.code == 107


def test_not_like_and_not_regexp(objects):
    seed_scores(objects)
    assert names(run(objects, "select * from GameScore where name not like 'd%'")) == ["catty", "green"]
    assert names(run(objects, "select * from GameScore where name not regexp '^c'")) == ["dan", "dennis", "green"]


def test_near_with_min_distance(objects):
    for name, lng, lat in [("beijing", 116.40, 39.90), ("tianjin", 117.20, 39.13), ("shanghai", 121.47, 31.23)]:
        objects.create(ALICE, "Place", {"name": name, "location": {"__type": "GeoPoint",
                                                                   "latitude": lat, "longitude": lng}})
    answer = run(objects, "select * from Place where location near geopoint(116.4, 39.9) min 10 km max 2000 km")
    assert [r["name"] for r in answer["results"]] == ["tianjin", "shanghai"]


def test_relation_op_and_related_to(objects):
    fans = [objects.create(ALICE, "Fan", {"name": name})["objectId"] for name in ("ann", "ben", "cid")]
    post = objects.create(ALICE, "Post", {"title": "t"})["objectId"]
    pointers = ", ".join(f"pointer('Fan', '{fan}')" for fan in fans[:2])
    run(objects, f"update Post set likes = op('AddRelation', {{'objects': [{pointers}]}}) where objectId = ?", post)
    answer = run(objects, f"select * from Fan where related likes to pointer('Post', '{post}')")
    assert names(answer) == ["ann", "ben"]


def test_size_all_and_array_equality(objects):
    objects.create(ALICE, "Card", {"name": "two", "scores": [100, 100]})
    objects.create(ALICE, "Card", {"name": "mixed", "scores": [100, 50, 7]})
    assert names(run(objects, "select * from Card where size(scores) = 2")) == ["two"]
    assert names(run(objects, "select * from Card where scores all (100, 50)")) == ["mixed"]
    assert names(run(objects, "select * from Card where scores = 7")) == ["mixed"]
    assert names(run(objects, "select * from Card where not size(scores) = 2")) == ["mixed"]
    assert names(run(objects, "select * from Card where not scores all (100, 50)")) == ["two"]


def test_selected_keys_keep_only_those_and_the_built_in_fields(objects):
    objects.create(ALICE, "Card", {"name": "x", "score": 1, "secret": "s"})
    [result] = run(objects, "select name from Card")["results"]
    assert result["name"] == "x"
    assert "secret" not in result and "score" not in result
    assert {"objectId", "createdAt", "updatedAt"} <= set(result)
