"""The object service: the one path by which objects are created, read, queried, updated and
deleted, for REST routes, batch, CQL and the user routes alike.

Every method takes the Caller and enforces class permissions and object ACLs (the master key
bypasses both).  Engine hooks (beforeSave -> write -> afterSave ...) belong around the writes
in ``create``, ``update`` and ``delete``: nothing else writes objects.
"""

from __future__ import annotations

import base64
import json

from ..protocol import errors
from ..protocol.dates import now_iso
from ..protocol.errors import LeanCloudError
from . import acl as acls
from . import operations, values
from .caller import Caller
from .ids import new_object_id
from .query.nodes import And, Compare, Or, Query
from .query.parse import WhereParser, parse_path
from .query.spec import FindSpec, clamp_limit
from .store.base import ConditionFailed

# Fields that never leave the server through this service.
HIDDEN_FIELDS = {"_User": {"password", "salt"}}
HOOK_FIELDS = frozenset(("__ignore_hooks", "__before", "__after"))
BUILTIN_KEYS = frozenset(("objectId", "createdAt", "updatedAt", "__type", "className"))  # kept by keys=
FILE_FIELDS = ("name", "url", "mime_type", "metaData", "bucket", "key", "provider")
# Levels of ``include`` (a query each): a pointer back at its own object could go on forever.
MAX_INCLUDE_DEPTH = 12


def forbidden_write() -> LeanCloudError:
    return LeanCloudError(errors.OTHER_CAUSE, "Forbidden writing by object's ACL.", status=403)


def not_found(class_name: str, object_id: str) -> LeanCloudError:
    """An update of an object that is not there: LeanCloud answers code 1 (not 101) and
    names the object."""
    return LeanCloudError(errors.OTHER_CAUSE,
                          f"Could not find object by id '{object_id}' for class '{class_name}'.",
                          status=404)


def no_effect() -> LeanCloudError:
    return LeanCloudError(errors.NO_EFFECT, "No effect on updating/deleting a document.")


def _include_tree(include: str | None) -> dict:
    if include and max(item.count(".") for item in include.split(",")) >= MAX_INCLUDE_DEPTH:
        raise LeanCloudError(errors.INVALID_QUERY,
                             f"include goes at most {MAX_INCLUDE_DEPTH} levels deep.")
    return _tree(include)


def _tree(spec: str | None) -> dict:
    """``"a.b,c"`` -> ``{"a": {"b": {}}, "c": {}}``."""
    tree: dict = {}
    for item in (spec or "").split(","):
        item = item.strip()
        if not item:
            continue
        node = tree
        for part in item.split("."):
            node = node.setdefault(part, {})
    return tree


class ObjectService:

    def __init__(self, services):
        self.services = services
        self.store = services.store

    # writes -------------------------------------------------------------------------------

    def _body(self, caller, class_name, object_id, body, known=None) -> tuple[dict, dict | None]:
        """Validated update body and ACL (None: unchanged) of a write.  ``known``: the class's
        fields, when the caller has them at hand (a batch's run of creates)."""
        if not isinstance(body, dict):
            raise LeanCloudError(errors.INVALID_JSON, "The body must be a JSON object.")
        if not HOOK_FIELDS.isdisjoint(body):
            body = {k: v for k, v in body.items() if k not in HOOK_FIELDS}
        body = self.services.guard_write(caller, class_name, object_id, body)
        acl = body.pop("ACL", None)
        acl = values.check_acl(acl) if acl is not None else None
        prepared = operations.prepare(body)
        if self.services.class_permissions_enabled and not caller.master:
            if known is None:
                known = self.store.schema(class_name)
            if not known.keys() >= prepared.keys() and \
                    any(key.split(".")[0] not in known for key in prepared):
                self.services.check_class_permission(caller, class_name, "addFields")
        return prepared, acl

    def create(self, caller: Caller, class_name: str, body: dict, *, fetch_when_save=False,
               return_acl=False) -> dict:
        values.check_class_name(class_name)
        # Guards check uniqueness with reads: they run in the write transaction.  So does
        # the permission check (the store then looks for other processes' commits once).
        with self.store.transaction():
            self.services.check_class_permission(caller, class_name, "create")
            obj, changes = self._new_object(caller, class_name, body)
            self.store.insert(class_name, obj)
            self._apply_relations(class_name, obj["objectId"], changes)
        if fetch_when_save and acls.can_read(caller, obj):   # fields a hook added, say
            return self.render(caller, class_name, obj, return_acl=return_acl)
        return {"objectId": obj["objectId"], "createdAt": obj["createdAt"]}

    def create_many(self, caller: Caller, class_name: str, bodies: list) -> list:
        """Plain creates of one class (a batch's run of them) in one transaction, the class
        permission checked once and the rows written together: answers, in order, each
        create's answer or the LeanCloudError it met.  No savepoint per item: a failed item
        has written nothing (bodies are validated first, ``store.insert_many`` checks types
        before writing), so no savepoint either.  Only for classes without write guards
        (batch checks).  The objects share one timestamp, as they share one commit."""
        with self.store.transaction(savepoint=False):
            try:
                values.check_class_name(class_name)
                self.services.check_class_permission(caller, class_name, "create")
            except LeanCloudError as error:
                return [error] * len(bodies)
            known = self.store.schema(class_name) if self.services.class_permissions_enabled \
                else None
            now = now_iso()
            answers: list = []
            valid = []                   # (index in answers, object, relation changes)
            for body in bodies:
                try:
                    valid.append((len(answers),
                                  *self._new_object(caller, class_name, body, now, known)))
                    answers.append(None)
                except LeanCloudError as error:
                    answers.append(error)
            failures = self.store.insert_many(class_name, [obj for _, obj, _ in valid])
            for (index, obj, changes), failure in zip(valid, failures):
                if failure is None:
                    if changes:
                        self._apply_relations(class_name, obj["objectId"], changes)
                    answers[index] = {"objectId": obj["objectId"], "createdAt": now}
                else:
                    answers[index] = failure
            return answers

    def _new_object(self, caller, class_name: str, body, now=None, known=None) -> tuple[dict, list]:
        """A create's object to store, from its validated body, and its relation changes."""
        object_id = body.get("objectId") if caller.master and isinstance(body, dict) else None
        if object_id is not None:
            values.check_object_id(object_id)
        prepared, acl = self._body(caller, class_name, None, body, known)
        fields, changes = operations.apply({}, prepared)
        now = now or now_iso()
        fields["objectId"] = object_id or new_object_id()
        fields["createdAt"] = fields["updatedAt"] = now
        fields["ACL"] = acl if acl is not None else acls.public()
        return fields, changes

    def update(self, caller: Caller, class_name: str, object_id: str, body: dict, *,
               where: dict | None = None, fetch_when_save=False, return_acl=False) -> dict:
        values.check_class_name(class_name)
        values.check_object_id(object_id)
        changes: list = []
        try:
            with self.store.transaction():
                self.services.check_class_permission(caller, class_name, "update")
                condition = self._condition(caller, class_name, where)
                if condition is not None:
                    self._may_test(caller, self.store.get(class_name, object_id))
                prepared, acl = self._body(caller, class_name, object_id, body)
                new = self.store.update(
                    class_name, object_id,
                    lambda current: self._updated(caller, current, prepared, acl, changes),
                    condition)
                if new is None:
                    raise not_found(class_name, object_id)
                self._apply_relations(class_name, object_id, changes)
        except ConditionFailed:
            raise no_effect() from None
        answer = {"objectId": object_id, "updatedAt": new["updatedAt"]}
        if fetch_when_save and acls.can_read(caller, new):
            rendered = self.render(caller, class_name, new, return_acl=return_acl)
            touched = {key.split(".")[0] for key in prepared} | ({"ACL"} if return_acl else set())
            answer.update({k: v for k, v in rendered.items() if k in touched})
        return answer

    @staticmethod
    def _may_test(caller, current: dict | None) -> None:
        """A write's ``where`` is tested only on an object the caller may write and read:
        on any other its outcome would reveal fields the caller cannot see."""
        if current is None:
            return
        if not acls.can_write(caller, current):
            raise forbidden_write()
        if not acls.can_read(caller, current):
            raise ConditionFailed()

    @staticmethod
    def _updated(caller, current: dict, prepared: dict, acl, changes: list) -> dict:
        """The object after an update (run by the store inside its write transaction);
        collects the relation changes the body asks for into ``changes``."""
        if not acls.can_write(caller, current):
            raise forbidden_write()
        fields = {k: v for k, v in current.items() if k not in values.SYSTEM_FIELDS}
        new_fields, found = operations.apply(fields, prepared)
        changes.extend(found)
        return {**new_fields, "objectId": current["objectId"], "createdAt": current["createdAt"],
                "updatedAt": now_iso(), "ACL": acl if acl is not None else current["ACL"]}

    def delete(self, caller: Caller, class_name: str, object_id: str, *,
               where: dict | None = None) -> None:
        values.check_class_name(class_name)
        values.check_object_id(object_id)
        with self.store.transaction():
            self.services.check_class_permission(caller, class_name, "delete")
            self.services.guard_delete(caller, class_name, object_id)
            condition = self._condition(caller, class_name, where)
            current = self.store.get(class_name, object_id)
            if current is None:
                if condition is not None:
                    raise no_effect()
                return
            if not acls.can_write(caller, current):
                raise forbidden_write()
            if condition is not None and not (  # see _may_test
                    acls.can_read(caller, current)
                    and self.store.matches(class_name, object_id, condition)):
                raise no_effect()
            self.store.delete(class_name, object_id)

    def _apply_relations(self, class_name, object_id, changes) -> None:
        for change in changes:
            if change.add:
                self.store.add_relations(class_name, object_id, change.key, change.class_name,
                                         change.ids)
            else:
                self.store.remove_relations(class_name, object_id, change.key, change.ids)

    def _condition(self, caller, class_name, where):
        if not where:
            return None
        if not isinstance(where, dict):
            raise LeanCloudError(errors.INVALID_QUERY, "where must be a JSON object.")
        return self._parser(caller).parse(where, class_name)

    def _parser(self, caller: Caller) -> WhereParser:
        if caller.master:
            return WhereParser(self.store.schema, None)
        return WhereParser(self.store.schema, caller.principals, hidden=HIDDEN_FIELDS,
                           may_find=lambda class_name: self.services.check_class_permission(
                               caller, class_name, "find"))

    # reads --------------------------------------------------------------------------------

    def get(self, caller: Caller, class_name: str, object_id: str, *, keys=None, include=None,
            return_acl=False) -> dict | None:
        values.check_class_name(class_name)
        self.services.check_class_permission(caller, class_name, "get")
        obj = self.store.get(class_name, object_id)
        if obj is None or not acls.can_read(caller, obj):
            return None
        return self.render(caller, class_name, obj, keys=keys, include=include,
                           return_acl=return_acl)

    def query(self, caller: Caller, class_name: str, spec: FindSpec) -> Query:
        """The store query for a FindSpec, with the caller's ACL filter."""
        values.check_class_name(class_name)
        parser = self._parser(caller)
        where = parser.parse(spec.where, class_name)
        return Query(class_name=class_name, where=where, principals=caller.acl_principals,
                     order=self._order(parser, class_name, spec.order), limit=spec.limit,
                     skip=spec.skip, near=parser.near)

    def _order(self, parser: WhereParser, class_name, order: str | None) -> list:
        if not order:
            return []
        schema = None
        terms = []
        for item in order.split(","):
            item = item.strip()
            if not item:
                continue
            descending = item.startswith("-")
            path = parser.check_visible(class_name, parse_path(item.lstrip("-")))
            if schema is None:
                schema = self.store.schema(class_name)
            is_date = len(path) == 1 and schema.get(path[0], {}).get("type") == "Date"
            terms.append((path, descending, is_date))
        return terms

    def find(self, caller: Caller, class_name: str, spec: FindSpec) -> list[dict]:
        self.services.check_class_permission(caller, class_name, "find")
        query = self.query(caller, class_name, spec)
        if spec.limit == 0:
            return []
        query.with_acl = spec.return_acl
        rows = self.store.find(query)
        return self.render_many(caller, class_name, rows, keys=spec.keys,
                                include=spec.include, return_acl=spec.return_acl)

    def count(self, caller: Caller, class_name: str, spec: FindSpec) -> int:
        self.services.check_class_permission(caller, class_name, "find")
        return self.store.count(self.query(caller, class_name, spec))

    def scan(self, caller: Caller, class_name: str, *, where=None, scan_key="objectId",
             cursor=None, limit=100, keys=None) -> dict:
        """One page of an export walk ordered by ``scan_key`` (``-key`` descending);
        ``cursor`` continues where the previous page's answer said."""
        descending = scan_key.startswith("-")
        key_path = parse_path(scan_key.lstrip("-"))
        spec = FindSpec(where=where or {}, order=f"{scan_key},{'-' if descending else ''}objectId",
                        limit=clamp_limit(limit))
        query = self.query(caller, class_name, spec)
        if cursor:
            query.where = And((query.where, self._after(key_path, cursor, descending)))
        rows = self.store.find(query)
        results = self.render_many(caller, class_name, rows, keys=keys)
        next_cursor = None
        if len(rows) == spec.limit:
            last = rows[-1]
            position = last.get(key_path[0]) if len(key_path) == 1 else None
            next_cursor = base64.urlsafe_b64encode(
                json.dumps([position, last["objectId"]]).encode()).decode()
        return {"results": results, "cursor": next_cursor}

    @staticmethod
    def _after(key_path, cursor: str, descending: bool):
        try:
            position, last_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        except (ValueError, TypeError):
            raise LeanCloudError(errors.INVALID_QUERY, "Invalid cursor.") from None
        parser = WhereParser(lambda _: {}, None)
        beyond = "lt" if descending else "gt"
        operand = parser._operand(key_path, position)
        id_operand = parser._operand(("objectId",), last_id)
        return Or((Compare(key_path, beyond, operand),
                   And((Compare(key_path, "eq", operand),
                        Compare(("objectId",), beyond, id_operand)))))

    # rendering ----------------------------------------------------------------------------

    def render(self, caller, class_name, obj, *, keys=None, include=None, return_acl=False):
        return self.render_many(caller, class_name, [obj], keys=keys, include=include,
                                return_acl=return_acl)[0]

    def render_many(self, caller, class_name, objs, *, keys=None, include=None,
                    return_acl=False) -> list[dict]:
        """Stored objects -> what the API answers: hidden fields and ACL dropped (unless
        asked), pointers in ``include`` replaced by readable objects, ``keys`` projected,
        files expanded to their metadata."""
        tree = _include_tree(include)
        out = [self._public(class_name, obj, return_acl) for obj in objs]
        self._include(caller, out, tree, return_acl)
        self._project(out, keys)
        if self._may_hold_files(class_name):
            self._expand_files(out)
        return out

    def _may_hold_files(self, class_name: str) -> bool:
        """Whether the class has a field where a File can be (File, or an Array): the
        schema spares looking through every value of every object for files."""
        return any(field.get("type") in ("File", "Array")
                   for field in self.store.schema(class_name).values())

    @staticmethod
    def _public(class_name, obj, return_acl) -> dict:
        result = dict(obj)
        acl = result.pop("ACL", None)
        for name in HIDDEN_FIELDS.get(class_name, ()):
            result.pop(name, None)
        if return_acl:
            result["ACL"] = acl if acl is not None else acls.public()
        return result

    def _include(self, caller, objs: list[dict], tree: dict, return_acl) -> None:
        for key, subtree in tree.items():
            wanted: dict[str, set] = {}
            for obj in objs:
                for pointer in _pointers(obj.get(key)):
                    wanted.setdefault(pointer["className"], set()).add(pointer["objectId"])
            fetched: dict = {}
            for class_name, ids in wanted.items():
                if not self._may(caller, class_name, "get"):
                    continue       # pointers stay pointers, as for objects the ACL hides
                found = self.store.get_many(class_name, ids)
                readable = [o for o in found.values() if acls.can_read(caller, o)]
                rendered = [self._public(class_name, o, return_acl) for o in readable]
                self._include(caller, rendered, subtree, return_acl)
                for item in rendered:       # the real class wins over a field named className
                    fetched[(class_name, item["objectId"])] = {
                        **item, "__type": "Pointer", "className": class_name}
            for obj in objs:
                if key in obj:
                    obj[key] = _replace_pointers(obj[key], fetched)

    def _may(self, caller, class_name: str, operation: str) -> bool:
        try:
            self.services.check_class_permission(caller, class_name, operation)
        except LeanCloudError:
            return False
        return True

    @staticmethod
    def _project(objs: list[dict], keys: str | None) -> None:
        if not keys:
            return
        names = [k.strip() for k in keys.split(",") if k.strip()]
        excluded = _tree(",".join(k[1:] for k in names if k.startswith("-")))
        kept = _tree(",".join(k for k in names if not k.startswith("-")))
        for obj in objs:
            _project_one(obj, kept, excluded)

    def _expand_files(self, objs: list[dict]) -> None:
        ids = {f["objectId"] for obj in objs for f in _files(obj)}
        if not ids:
            return
        metadata = self.store.get_many("_File", ids)
        for obj in objs:
            for file in _files(obj):
                meta = metadata.get(file["objectId"])
                if meta:
                    file.update({k: meta[k] for k in FILE_FIELDS if k in meta})
                    file["id"] = file["objectId"]


def _pointers(value):
    if isinstance(value, dict) and value.get("__type") == "Pointer":
        yield value
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item.get("__type") == "Pointer":
                yield item


def _replace_pointers(value, fetched):
    if isinstance(value, dict) and value.get("__type") == "Pointer":
        return fetched.get((value["className"], value["objectId"]), value)
    if isinstance(value, list):
        return [_replace_pointers(item, fetched) for item in value]
    return value


def _project_one(obj: dict, kept: dict, excluded: dict, builtins: bool = True) -> None:
    """Keep the ``kept`` tree's fields, drop the ``excluded`` tree's.  Dotted names reach into
    embedded objects (``keys=meta.size`` answers ``{"meta": {"size": ...}}``, as LeanCloud's
    dot-notation guide has it), included objects and arrays of either.  Objects keep their
    built-in fields (``builtins``); embedded objects keep only what is named."""
    if kept:
        for name in list(obj):
            if name not in kept and not (builtins and name in BUILTIN_KEYS):
                del obj[name]
        for name, subtree in kept.items():
            if subtree:
                _project_inside(obj.get(name), subtree, {})
    for name, subtree in excluded.items():
        if not subtree:
            obj.pop(name, None)
        else:
            _project_inside(obj.get(name), {}, subtree)


def _project_inside(value, kept: dict, excluded: dict) -> None:
    """Project an embedded object, an (included) pointer, or each of an array of them; other
    typed values (dates, files, geo points...) are left whole."""
    for inner in value if isinstance(value, list) else (value,):
        if type(inner) is not dict:
            continue
        kind = inner.get("__type")
        if kind is None:
            _project_one(inner, kept, excluded, builtins=False)
        elif kind in ("Pointer", "Object"):
            _project_one(inner, kept, excluded)


def _files(obj: dict) -> list:
    """The File values among an object's fields (top level and inside arrays), as dicts
    that may be updated in place."""
    found = []
    for value in obj.values():
        if type(value) is dict:
            if value.get("__type") == "File" and "objectId" in value:
                found.append(value)
        elif type(value) is list:
            found.extend(item for item in value if type(item) is dict
                         and item.get("__type") == "File" and "objectId" in item)
    return found
