"""FindSpec: a find request as the REST API spells it (where, order, limit, skip, keys,
include), shared by REST routes, batch and CQL."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ...protocol import errors
from ...protocol.errors import LeanCloudError

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def clamp_limit(value, allow_zero: bool = False) -> int:
    """LeanCloud's rule: 1 to 1000, anything else becomes 100 (0 is kept for counts)."""
    try:
        limit = int(value)
    except (TypeError, ValueError):
        return DEFAULT_LIMIT
    if limit == 0 and allow_zero:
        return 0
    return limit if 1 <= limit <= MAX_LIMIT else DEFAULT_LIMIT


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def decode_where(text) -> dict:
    if text is None or text == "":
        return {}
    if isinstance(text, dict):
        return text
    try:
        where = json.loads(text, parse_constant=_reject_constant)
    except (TypeError, ValueError, RecursionError):
        raise LeanCloudError(errors.INVALID_JSON, "where is not valid JSON.") from None
    if not isinstance(where, (dict, list)):
        raise LeanCloudError(errors.INVALID_QUERY, "where must be a JSON object.")
    return where


@dataclass
class FindSpec:
    where: dict = field(default_factory=dict)
    order: str | None = None
    limit: int = DEFAULT_LIMIT
    skip: int = 0
    keys: str | None = None
    include: str | None = None
    count: bool = False
    return_acl: bool = False

    @classmethod
    def from_args(cls, args) -> "FindSpec":
        """From a query string (or a dict of the same names)."""
        count = str(args.get("count", "")).lower() in ("1", "true")
        try:
            skip = max(0, int(args.get("skip", 0)))
        except (TypeError, ValueError):
            skip = 0
        return cls(
            where=decode_where(args.get("where")),
            order=args.get("order") or None,
            limit=clamp_limit(args.get("limit", DEFAULT_LIMIT), allow_zero=count),
            skip=skip,
            keys=args.get("keys") or None,
            include=args.get("include") or None,
            count=count,
            return_acl=str(args.get("returnACL", "")).lower() == "true",
        )
