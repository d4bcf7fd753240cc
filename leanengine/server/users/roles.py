"""Role hierarchy: which roles a user holds, directly or through other roles.

A role's ``roles`` relation lists roles whose members inherit it: if role ``Admins`` is
in ``Moderators.roles``, every admin is also a moderator.
"""

from __future__ import annotations

from typing import Callable, Iterable

ROLE_PREFIX = "role:"


def resolve(direct: Iterable[str], parents_of: Callable[[set[str]], Iterable[str]]) -> set[str]:
    """All role ids reachable from ``direct`` (the roles whose ``users`` hold the user).

    ``parents_of(ids)`` answers the ids of roles whose ``roles`` relation contains any of
    ``ids``. Cycles are harmless: each role is expanded once.
    """
    held = set(direct)
    frontier = set(held)
    while frontier:
        frontier = set(parents_of(frontier)) - held
        held |= frontier
    return held


def principals(user_id: str | None, role_names: Iterable[str]) -> set[str]:
    """ACL keys that apply to a caller: ``*``, the user's id and ``role:<name>`` each."""
    keys = {"*"}
    if user_id:
        keys.add(user_id)
    keys.update(ROLE_PREFIX + name for name in role_names)
    return keys
