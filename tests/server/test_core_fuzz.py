"""Random where clauses, update bodies and query parameters never crash the server: each
answers results or a LeanCloud error (in process, against a real SQLite store)."""

from __future__ import annotations

import json
import random

import pytest

from leanengine.protocol.credentials import AppKeys
from leanengine.protocol.errors import LeanCloudError
from leanengine.server import create_app
from leanengine.server.caller import Caller
from leanengine.server.query.spec import FindSpec

OPERATORS = ["$ne", "$lt", "$lte", "$gt", "$gte", "$in", "$nin", "$all", "$exists", "$size",
             "$regex", "$options", "$select", "$dontSelect", "$inQuery", "$notInQuery",
             "$nearSphere", "$maxDistance", "$maxDistanceInKilometers", "$minDistance", "$within",
             "$not", "$relatedTo", "$or", "$and", "$bogus"]
KEYS = ["n", "s", "tags", "loc", "when", "ref", "meta.a", "objectId", "createdAt", "bad key", "_x"]


def value(rng, depth=0):
    choices = [None, True, False, 0, -1, 2 ** 70, 1.5, float("inf"), "", "a", "(", "\\Qx\\E",
               [], [1, "a"], {}, {"__type": "Date", "iso": "2020-01-01T00:00:00Z"},
               {"__type": "Date", "iso": "nope"}, {"__type": "Pointer", "className": "F", "objectId": "x"},
               {"__type": "Pointer"}, {"__type": "GeoPoint", "latitude": 1, "longitude": 2},
               {"__type": "GeoPoint", "latitude": 100, "longitude": 2}, {"__type": "Bogus"}]
    if depth < 2 and rng.random() < 0.3:
        return where(rng, depth + 1)
    if depth < 2 and rng.random() < 0.2:
        return [value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return rng.choice(choices)


def where(rng, depth=0):
    clause = {}
    for _ in range(rng.randint(0, 3)):
        if rng.random() < 0.5:
            clause[rng.choice(KEYS)] = value(rng, depth + 1)
        else:
            key = rng.choice(KEYS + ["$or", "$and", "$relatedTo"])
            clause[key] = {rng.choice(OPERATORS): value(rng, depth + 1)
                           for _ in range(rng.randint(1, 2))}
    return clause


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    app = create_app(str(tmp_path_factory.mktemp("fuzz")), AppKeys("id", "key", "master"))
    objects = app.services.objects
    for i in range(20):
        objects.create(Caller(), "F", {"n": i, "s": f"s{i}", "tags": ["a", i], "meta": {"a": i},
                                       "loc": {"__type": "GeoPoint", "latitude": i, "longitude": i},
                                       "when": {"__type": "Date", "iso": f"2020-01-{i + 1:02d}T00:00:00Z"},
                                       "ref": {"__type": "Pointer", "className": "F", "objectId": "x"}})
    yield objects
    app.services.store.close()


@pytest.mark.parametrize("seed", range(300))
def test_random_where_never_crashes(service, seed):
    rng = random.Random(seed)
    spec = FindSpec(where=where(rng), order=rng.choice([None, "n", "-when,s", "loc", "x y"]),
                    limit=rng.choice([1, 100]), skip=rng.choice([0, 3]),
                    keys=rng.choice([None, "n", "-s,meta.a"]), include=rng.choice([None, "ref"]))
    for caller in (Caller(), Caller.master_key()):
        try:
            service.find(caller, "F", spec)
            service.count(caller, "F", spec)
        except LeanCloudError as error:
            assert error.code in (102, 103, 104, 105, 106, 107, 111, 119, 121, 302), (error.code, spec.where)


@pytest.mark.parametrize("seed", range(150))
def test_random_update_bodies_never_crash(service, seed):
    rng = random.Random(1000 + seed)
    target = service.create(Caller(), "U", {"n": 1, "tags": [], "meta": {"a": 1}})["objectId"]
    ops = [{"__op": name, "amount": value(rng), "objects": value(rng), "value": value(rng)}
           for name in ("Increment", "Add", "AddUnique", "Remove", "Delete", "BitOr", "AddRelation",
                        "Bogus")]
    body = {rng.choice(KEYS + ["ACL", "tags.x", "meta.b"]): rng.choice(ops + [value(rng)])
            for _ in range(rng.randint(1, 3))}
    try:
        service.update(Caller(), "U", target, json.loads(json.dumps(body, allow_nan=True)))
    except LeanCloudError as error:
        assert error.code in (104, 105, 106, 107, 111, 116, 121, 123, 302), (error.code, body)


HOSTILE = [
    ("POST", "/1.1/classes/F", b"[1, 2]"), ("POST", "/1.1/classes/F", b'"text"'),
    ("POST", "/1.1/classes/F", b"\xff\xfe"), ("POST", "/1.1/classes/F", b'{"a": {"__op": 5}}'),
    ("POST", "/1.1/classes/F", b'{"a": {"__type": 5}}'), ("POST", "/1.1/classes/F", b'{"ACL": []}'),
    ("POST", "/1.1/classes/F", b'{"' + b"k" * 200 + b'": 1}'), ("POST", "/1.1/classes/" + "C" * 300, b"{}"),
    ("POST", "/1.1/classes/F%00x", b"{}"), ("GET", "/1.1/classes/F/%ff%fe", b""),
    ("GET", "/1.1/classes/F?where=%ff", b""), ("GET", "/1.1/classes/F?limit=1e9&skip=-5", b""),
    ("GET", "/1.1/classes/F?order=,,,-", b""), ("GET", "/1.1/classes/F?keys=,.,-.&include=..,a..b", b""),
    ("GET", "/1.1/classes/F?where=[1]", b""), ("GET", "/1.1/classes/F?where=null", b""),
    ("POST", "/1.1/batch", b'{"requests": "x"}'), ("POST", "/1.1/batch", b'{"requests": [1, {}, {"method": 1}]}'),
    ("POST", "/1.1/batch", b'{"requests": [{"method": "GET", "path": "/1.1/batch"}]}'),
    ("POST", "/1.1/batch", b'{"requests": [{"method": "POST", "path": "/1.1/batch", "body": {"requests": []}}]}'),
    ("POST", "/1.1/batch", b'{"requests": [{"method": "TRACE", "path": "/1.1/classes/F"}]}'),
    ("PUT", "/1.1/classes/F/abc?where=%7B%22%24bogus%22%3A1%7D", b"{}"),
    ("DELETE", "/1.1/classes/F/,,,", b""), ("GET", "/1.1/scan/classes/F?cursor=%%%", b""),
    ("POST", "/1.1/classes/F", b'{"_method": 5}'), ("POST", "/1.1/classes/F", b'{"_method": "PATCH"}'),
]


@pytest.mark.parametrize("method,path,raw", HOSTILE, ids=[f"{m} {p[:40]}" for m, p, _ in HOSTILE])
def test_hostile_requests_answer_json_errors(master_api, method, path, raw):
    response = master_api.http.request(method, master_api.url + path, data=raw or None, timeout=30)
    assert response.status_code < 500, (response.status_code, response.text[:200])
    body = response.json()
    assert isinstance(body, (dict, list))
    if response.status_code >= 400:
        assert isinstance(body["code"], int) and isinstance(body["error"], str)
