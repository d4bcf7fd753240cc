"""``/roles``: roles as objects of ``_Role`` (name, ACL, ``users`` and ``roles`` relations).

A role needs a name (letters, digits, ``_``, ``-``, space; unique, fixed once saved) and an
ACL; the ``_Role`` write guard checks both on every path, ``/classes/_Role`` included.
"""

from __future__ import annotations

from ...protocol import errors
from ...protocol.errors import LeanCloudError
from .. import hooks
from ..objects_routes import find_answer
from ..request import Reply

ROLE = "_Role"


def register(router):
    router.add("/roles", ["POST"], create_role)
    router.add("/roles", ["GET"], find_roles)
    router.add("/roles/<object_id>", ["GET"], get_role)
    router.add("/roles/<object_id>", ["PUT"], update_role)
    router.add("/roles/<object_id>", ["DELETE"], delete_role)


def _body(req) -> dict:
    if not isinstance(req.json, dict):
        raise LeanCloudError(errors.INVALID_JSON, "The request body must be a JSON object.")
    return req.json


def create_role(req):
    with hooks.write_scope(req.services):
        created = req.services.objects.create(req.caller, ROLE, _body(req),
                                              fetch_when_save=req.flag("fetchWhenSave"))
    return Reply(created, status=201)


def find_roles(req):
    return find_answer(req, ROLE)


def get_role(req):
    found = req.services.objects.get(req.caller, ROLE, req.params["object_id"],
                                     keys=req.args.get("keys"), include=req.args.get("include"),
                                     return_acl=req.flag("returnACL"))
    return found or {}


def update_role(req):
    return req.services.objects.update(req.caller, ROLE, req.params["object_id"], _body(req),
                                       fetch_when_save=req.flag("fetchWhenSave"))


def delete_role(req):
    req.services.objects.delete(req.caller, ROLE, req.params["object_id"])
    return {}
