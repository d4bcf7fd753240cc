"""``LeanEngineError``: the error a cloud function raises on purpose.

It answers ``{"code": code, "error": message}`` with its HTTP status. The constructor keeps
the legacy SDK's backward-compatible forms: ``LeanEngineError("msg")`` is code 400;
``LeanEngineError(226, "x")`` travels with status 226 because 226 is an HTTP status, while
``LeanEngineError(2020, "x")`` travels with 400.
"""

from __future__ import annotations

from http import HTTPStatus

_HTTP_STATUSES = frozenset(status.value for status in HTTPStatus)


class LeanEngineError(Exception):
    def __init__(self, code: int | str | None = None, message: str = "error",
                 status: int | None = None):
        if isinstance(code, str):
            message, code = code, 400
        if status is None:
            code = 400 if code is None else code
            status = code if code in _HTTP_STATUSES else 400
        elif code is None:
            code = 1
        super().__init__(code, message)
        self.code = code
        self.message = message
        self.status = status

    @property
    def error(self) -> str:
        return self.message

    def __str__(self) -> str:
        return f"LeanEngineError: [{self.code}] {self.message}"

    def to_dict(self) -> dict:
        return {"code": self.code, "error": self.message}


def unauthorized() -> LeanEngineError:
    return LeanEngineError(401, "Unauthorized.", 401)
