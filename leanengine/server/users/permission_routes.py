"""Setting a class's permissions with the master key:
``PUT /schemas/<Class>`` with ``{"classLevelPermissions": {"find": {...}, ...}}``
(``permissions`` is accepted as well). The answer holds the permissions now in force."""

from __future__ import annotations

from ...protocol import errors
from ...protocol.errors import LeanCloudError
from ..values import check_class_name
from . import principals


def register(router):
    router.add("/schemas/<class_name>", ["PUT"], set_permissions, master=True)


def set_permissions(req):
    class_name = check_class_name(req.params["class_name"])
    body = req.json if isinstance(req.json, dict) else {}
    raw = body.get("classLevelPermissions", body.get("permissions"))
    if raw is None:
        raise LeanCloudError(errors.INVALID_JSON, "classLevelPermissions is required.")
    applied = principals.set_class_permissions(req.services, class_name, raw)
    return {"className": class_name, "classLevelPermissions": applied}
