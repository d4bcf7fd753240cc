"""Following users: ``_Followee`` (whom a user follows) and ``_Follower`` (who follows a
user), kept in step by the friendship routes.

``POST /users/<id>/friendship/<target>`` makes ``id`` follow ``target`` (``followee`` is
accepted in place of ``friendship``); extra body fields are stored on both rows. ``DELETE``
undoes it. Rows are public to read and written only here.
"""

from __future__ import annotations

from ...protocol import errors
from ...protocol.errors import LeanCloudError
from .. import services as core
from ..query.spec import FindSpec
from . import accounts
from .accounts import USER, pointer

FOLLOWEE = "_Followee"
FOLLOWER = "_Follower"
_READ_ONLY = {"*": {"read": True}}


def register(router):
    for class_name in (FOLLOWEE, FOLLOWER):
        core.add_write_guard(class_name, only_the_routes_follow)
    for word in ("friendship", "followee"):
        router.add(f"/users/<user_id>/{word}/<target_id>", ["POST"], follow)
        router.add(f"/users/<user_id>/{word}/<target_id>", ["DELETE"], unfollow)
    router.add("/users/<user_id>/followers", ["GET"], followers)
    router.add("/users/<user_id>/followees", ["GET"], followees)
    router.add("/users/<user_id>/followersAndFollowees", ["GET"], followers_and_followees)


def only_the_routes_follow(services, caller, class_name, object_id, body):
    """Rows are written here (with the master key): a client writing one through
    ``/classes``, batch or CQL would make any user follow any other."""
    if not caller.master:
        raise LeanCloudError(errors.OPERATION_FORBIDDEN,
                             f"{class_name} is written by the friendship routes only.", status=403)
    return body


def _check(req) -> tuple[str, str]:
    user_id, target_id = req.params["user_id"], req.params["target_id"]
    if not req.caller.master and req.caller.user_id != user_id:
        raise LeanCloudError(errors.SESSION_MISSING, "Following needs the user's own session.")
    if user_id == target_id:
        raise LeanCloudError(errors.OPERATION_FORBIDDEN, "A user cannot follow itself.")
    store = req.services.store
    if store.get(USER, user_id) is None or store.get(USER, target_id) is None:
        raise LeanCloudError(errors.USER_NOT_FOUND, "Could not find user.")
    return user_id, target_id


def follow(req):
    user_id, target_id = _check(req)
    extra = req.json if isinstance(req.json, dict) else {}
    extra = {k: v for k, v in extra.items()   # written with the master key: no objectId
             if k not in ("user", "followee", "follower", "ACL", "objectId")}
    services, master = req.services, accounts.master()
    with services.store.transaction():
        if not accounts.find_one(services, FOLLOWEE, _followee_where(user_id, target_id)):
            services.objects.create(master, FOLLOWEE, {
                **extra, "user": pointer(user_id), "followee": pointer(target_id),
                "ACL": _READ_ONLY})
            services.objects.create(master, FOLLOWER, {
                **extra, "user": pointer(target_id), "follower": pointer(user_id),
                "ACL": _READ_ONLY})
    return {}


def unfollow(req):
    user_id, target_id = _check(req)
    services, master = req.services, accounts.master()
    with services.store.transaction():
        for row in accounts.find_all(services, FOLLOWEE, _followee_where(user_id, target_id)):
            services.objects.delete(master, FOLLOWEE, row["objectId"])
        where = {"user": pointer(target_id), "follower": pointer(user_id)}
        for row in accounts.find_all(services, FOLLOWER, where):
            services.objects.delete(master, FOLLOWER, row["objectId"])
    return {}


def _followee_where(user_id: str, target_id: str) -> dict:
    return {"user": pointer(user_id), "followee": pointer(target_id)}


def _listing(req, class_name: str, field: str) -> tuple[list, int | None]:
    spec = FindSpec.from_args(req.args)
    spec.where = {**(spec.where or {}), "user": pointer(req.params["user_id"])}
    spec.include = ",".join(filter(None, [spec.include, field]))
    objects = req.services.objects
    count = objects.count(req.caller, class_name, spec) if spec.count else None
    return objects.find(req.caller, class_name, spec), count


def _answer(results, count) -> dict:
    return {"results": results} if count is None else {"results": results, "count": count}


def followers(req):
    return _answer(*_listing(req, FOLLOWER, "follower"))


def followees(req):
    return _answer(*_listing(req, FOLLOWEE, "followee"))


def followers_and_followees(req):
    """Both lists at once; with ``count=1`` also ``followers_count`` and ``followees_count``."""
    followers_found, followers_count = _listing(req, FOLLOWER, "follower")
    followees_found, followees_count = _listing(req, FOLLOWEE, "followee")
    answer = {"followers": followers_found, "followees": followees_found}
    if followers_count is not None:
        answer.update(followers_count=followers_count, followees_count=followees_count)
    return answer
