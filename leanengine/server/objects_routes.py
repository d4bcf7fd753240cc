"""Routes for objects, batch, scan, schemas and the server date."""

from __future__ import annotations

import time

from ..protocol import errors, jsontext
from ..protocol.dates import now_iso
from ..protocol.errors import LeanCloudError
from . import batch_limits, hooks, values
from .query.spec import FindSpec, decode_where
from .request import ApiRequest, EncodedJson, Reply

VERSION_PREFIXES = ("/1.1/", "/1/")
CREATE_FLAGS = frozenset(("fetchWhenSave", "new", "returnACL"))   # read from the body too
_encode = jsontext.encoder()


def register(router) -> None:
    router.add("/date", ["GET"], server_date, auth=False)
    router.add("/classes/<class_name>", ["POST"], create_object)
    router.add("/classes/<class_name>", ["GET"], find_objects)
    router.add("/classes/<class_name>/<object_id>", ["GET"], get_object)
    router.add("/classes/<class_name>/<object_id>", ["PUT"], update_object)
    router.add("/classes/<class_name>/<object_id>", ["DELETE"], delete_object)
    router.add("/batch", ["POST"], batch)
    router.add("/scan/classes/<class_name>", ["GET"], scan_class, master=True)
    router.add("/schemas", ["GET"], all_schemas, master=True)
    router.add("/schemas/<class_name>", ["GET"], class_schema, master=True)


def server_date(req: ApiRequest):
    return {"__type": "Date", "iso": now_iso()}


def create_object(req: ApiRequest):
    class_name = req.params["class_name"]
    result = req.services.objects.create(
        req.caller, class_name, req.json,
        fetch_when_save=req.flag("fetchWhenSave") or req.flag("new"),
        return_acl=req.flag("returnACL"))
    location = f"/1.1/classes/{class_name}/{result['objectId']}"
    return Reply(result, status=201, headers={"Location": location})


def find_objects(req: ApiRequest):
    """A query.  ``redirectClassNameForKey=<key>`` (a Relation's query when the SDK does not
    know the target class) runs it on the class the relation ``key`` holds, and names it."""
    spec = FindSpec.from_args(req.args)
    class_name = req.params["class_name"]
    answer = {}
    redirect = req.args.get("redirectClassNameForKey")
    if redirect:
        field = req.services.store.schema(values.check_class_name(class_name)).get(redirect, {})
        if field.get("type") == "Relation":
            class_name = answer["className"] = field["className"]
    answer.update(find_answer(req, class_name, spec))
    return answer


def find_answer(req: ApiRequest, class_name: str, spec: FindSpec | None = None) -> dict:
    """``{"results": [...]}`` for a query of ``class_name`` (plus ``count`` when asked)."""
    spec = spec or FindSpec.from_args(req.args)
    objects = req.services.objects
    answer = {"results": objects.find(req.caller, class_name, spec) if spec.limit else []}
    if spec.count:
        answer["count"] = objects.count(req.caller, class_name, spec)
    return answer


class MissingObject(dict):
    """The answer for an object that is not there: ``{}`` on its own, but ``null`` as the
    ``success`` of a batch item (LeanCloud answers each so; JS ``fetchAll`` relies on it)."""


def get_object(req: ApiRequest):
    """A missing object answers 200 ``{}`` (the SDKs make that 101 themselves), a class never
    written 404 with 101, a missing user 211, as LeanCloud does."""
    class_name = req.params["class_name"]
    found = req.services.objects.get(
        req.caller, class_name, req.params["object_id"],
        keys=req.args.get("keys"), include=req.args.get("include"),
        return_acl=req.flag("returnACL"))
    if found is not None:
        return found
    if class_name == "_User":
        raise LeanCloudError(errors.USER_NOT_FOUND, "Could not find user.")
    if not req.services.store.class_exists(class_name):
        raise LeanCloudError(errors.OBJECT_NOT_FOUND, "Class or object doesn't exists.", status=404)
    return MissingObject()


def update_object(req: ApiRequest):
    return req.services.objects.update(
        req.caller, req.params["class_name"], req.params["object_id"], req.json,
        where=decode_where(req.args.get("where")) or None,
        fetch_when_save=req.flag("fetchWhenSave") or req.flag("new"),
        return_acl=req.flag("returnACL"))


def delete_object(req: ApiRequest):
    """Deletes one object, or several for JS ``destroyAll``'s comma-joined ids."""
    where = decode_where(req.args.get("where")) or None
    for object_id in req.params["object_id"].split(","):
        hooks.delete(req.services, req.caller, req.params["class_name"], object_id, where=where,
                     flags=req.json)
    return {}


def batch(req: ApiRequest):
    requests = req.json.get("requests") if isinstance(req.json, dict) else None
    if not isinstance(requests, list):
        raise LeanCloudError(errors.INVALID_JSON, "A batch needs a requests array.")
    limit = batch_limits.max_requests()
    if len(requests) > limit:
        raise batch_limits.too_many(limit)
    # One commit for the whole batch; each item is a savepoint of its own, so a failed item
    # leaves no trace and the others stay.  Runs of plain creates of one class go through
    # ObjectService.create_many, whose failed items write nothing, without savepoints.
    answer = BatchAnswer(batch_limits.max_answer_bytes(), batch_limits.max_seconds())
    run: list = []                # the current run of plain creates: (class, service, body, path)
    with hooks.write_scope(req.services):
        for item in requests:
            plain = None if answer.spent else _plain_create(req, item, run[-1] if run else None)
            if run and (plain is None or plain[:2] != run[0][:2]):
                answer.extend(_create_run(req, run))
                run = []
            if plain is not None:
                run.append(plain)
            elif answer.spent:
                answer.add(answer.refusal)
            else:
                answer.add(_batch_item(req, item))
        if run:
            answer.extend(_create_run(req, run))
    return answer.encoded()


class BatchAnswer:
    """The items' answers, encoded as they come (the objects a find built are dropped at
    once), and whether the batch spent its budget of answer bytes or of time
    (``batch_limits``): then ``refusal`` is what every item left answers."""

    def __init__(self, budget: int, seconds: float):
        self.budget = budget
        self.deadline = time.monotonic() + seconds
        self.size = 0
        self.parts: list[bytes] = [b"["]      # the answer's text, joined once at the end
        self.refusal: dict | None = None

    @property
    def spent(self) -> bool:
        if self.refusal is None:
            if self.size >= self.budget:
                self.refusal = {"error": batch_limits.over_budget().to_dict()}
            elif time.monotonic() > self.deadline:
                self.refusal = {"error": batch_limits.out_of_time().to_dict()}
        return self.refusal is not None

    def add(self, item_answer: dict) -> None:
        part = _encode(item_answer).encode()
        if self.size:
            self.parts.append(b",")
        self.size += len(part) + 1
        self.parts.append(part)

    def extend(self, item_answers: list) -> None:
        for item_answer in item_answers:
            self.add(item_answer)

    def encoded(self) -> EncodedJson:
        self.parts.append(b"]")
        text, self.parts = b"".join(self.parts), []
        return EncodedJson(text)


def _plain_create(req: ApiRequest, item, previous: tuple | None) -> tuple | None:
    """``(class, service, body, path)`` for a batch item that ``create_object`` would serve
    with no options (no query string, params or flags), of a class without write guards,
    with no create hook to fire; None for any other item.  ``previous``: the run's last
    item, whose path this one mostly shares (then its route is the same)."""
    if not isinstance(item, dict) or item.get("params") or not isinstance(item.get("body"), dict):
        return None
    method, path, body = item.get("method"), item.get("path"), item["body"]
    if method not in ("POST", "post") or not CREATE_FLAGS.isdisjoint(body):
        return None
    if previous is not None and path == previous[3]:
        class_name = previous[0]
    else:
        class_name = _class_created_at(req, path)
        if class_name is None:
            return None
    service = hooks.unhooked_creator(req.services, req.caller, class_name, body)
    return None if service is None else (class_name, service, body, path)


def _class_created_at(req: ApiRequest, path) -> str | None:
    """The class a plain POST to ``path`` creates in: a path of ``create_object`` with no
    query string, of a class without write guards; None for any other."""
    if not isinstance(path, str) or "?" in path:
        return None
    if not path.startswith(VERSION_PREFIXES):
        path = "/1.1/" + path.lstrip("/")
    try:
        route, params = req.services.match("POST", path)
    except LeanCloudError:
        return None
    class_name = params.get("class_name")
    if route.handler is not create_object or req.services.has_write_guard(class_name):
        return None
    return class_name


def _create_run(req: ApiRequest, run: list) -> list:
    class_name, service = run[0][:2]
    answers = service.create_many(req.caller, class_name, [plain[2] for plain in run])
    return [{"error": answer.to_dict()} if isinstance(answer, LeanCloudError)
            else {"success": answer} for answer in answers]


def _batch_item(req: ApiRequest, item) -> dict:
    try:
        if not isinstance(item, dict) or not isinstance(item.get("method"), str) \
                or not isinstance(item.get("path"), str):
            raise LeanCloudError(errors.INVALID_JSON, "A batch request needs method and path.")
        body, params = item.get("body"), item.get("params")
        if body is not None and not isinstance(body, dict):
            raise LeanCloudError(errors.INVALID_JSON, "The body must be a JSON object.")
        if params is not None and not isinstance(params, dict):
            raise LeanCloudError(errors.INVALID_JSON, "A batch request's params must be an object.")
        path = item["path"]
        if not path.startswith(VERSION_PREFIXES):
            path = "/1.1/" + path.lstrip("/")
        route, _ = req.services.match(item["method"].upper(), path.partition("?")[0])
        if route.handler is batch:
            raise batch_limits.nested()
        result = req.services.dispatch(req.caller, item["method"], path, body, params)
        return {"success": None if isinstance(result, MissingObject) else result}
    except LeanCloudError as error:
        return {"error": error.to_dict()}


def scan_class(req: ApiRequest):
    args = req.args
    return req.services.objects.scan(
        req.caller, req.params["class_name"], where=decode_where(args.get("where")),
        scan_key=args.get("scan_key") or "objectId", cursor=args.get("cursor"),
        limit=args.get("limit", 100), keys=args.get("keys"))


def _schema_answer(fields: dict) -> dict:
    builtin = {"objectId": {"type": "String"}, "createdAt": {"type": "Date"},
               "updatedAt": {"type": "Date"}, "ACL": {"type": "ACL"}}
    return {**builtin, **fields}


def all_schemas(req: ApiRequest):
    return {name: _schema_answer(fields) for name, fields in req.services.store.schemas().items()}


def class_schema(req: ApiRequest):
    class_name = values.check_class_name(req.params["class_name"])
    return _schema_answer(req.services.store.schema(class_name))
