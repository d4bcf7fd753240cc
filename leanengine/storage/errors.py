"""Errors the SDK raises: the protocol's ``LeanCloudError`` and the batch failure."""

from __future__ import annotations

from ..protocol.errors import LeanCloudError, LeanCloudWarning

__all__ = ["LeanCloudError", "LeanCloudWarning", "BatchError"]


class BatchError(LeanCloudError):
    """Some items of a batch request failed.

    Carries the code and message of the first failure; ``errors`` lists every failure as
    ``(index, LeanCloudError)`` in request order, and ``results`` holds one entry per item
    (``None`` where it failed).
    """

    def __init__(self, errors: list[tuple[int, LeanCloudError]], results: list | None = None):
        first = errors[0][1]
        super().__init__(first.code, first.error, first.status)
        self.errors = errors
        self.results = results or []
