"""How much work one ``/batch`` request may ask for: items, answer bytes and time.

LeanCloud sets no item limit of its own but caps a request body at 20 MB and advises at
most 100 items; this server keeps 500 items (more than any SDK sends at once). What a
batch answers is bounded too: once the answers encoded so far reach the byte budget, or
the batch has run for its time budget (it holds the store's write transaction meanwhile,
and each item may fire hooks), the items left are not run and each answers an error. So
a batch of large finds cannot make the server build (and hold) an answer of hundreds of
megabytes, nor a batch of hooked writes keep the store for an hour. An item that starts
within the budget finishes, so an answer may pass the byte budget by one item's answer,
which the query limits bound. The limits are read on every batch, from the environment.
"""

from __future__ import annotations

import os

from ..protocol import errors
from ..protocol.errors import LeanCloudError

MAX_REQUESTS = 500                          # LEANENGINE_BATCH_MAX_REQUESTS
MAX_ANSWER_BYTES = 16 * 1024 * 1024         # LEANENGINE_BATCH_MAX_ANSWER_BYTES
MAX_SECONDS = 30.0                          # LEANENGINE_BATCH_MAX_SECONDS


def _positive(name: str, default, kind=int):
    try:
        value = kind(os.environ.get(name) or default)
    except ValueError:
        return default
    return value if value > 0 else default


def max_requests() -> int:
    return _positive("LEANENGINE_BATCH_MAX_REQUESTS", MAX_REQUESTS)


def max_answer_bytes() -> int:
    return _positive("LEANENGINE_BATCH_MAX_ANSWER_BYTES", MAX_ANSWER_BYTES)


def max_seconds() -> float:
    return _positive("LEANENGINE_BATCH_MAX_SECONDS", MAX_SECONDS, float)


def too_many(limit: int) -> LeanCloudError:
    return LeanCloudError(errors.INVALID_JSON, f"A batch holds at most {limit} requests.")


def over_budget() -> LeanCloudError:
    return LeanCloudError(errors.OBJECT_TOO_LARGE,
                          "The batch's answer reached its size limit: this request was not run.")


def out_of_time() -> LeanCloudError:
    return LeanCloudError(errors.TIMEOUT, "The batch ran out of time: this request was not run.")


def nested() -> LeanCloudError:
    return LeanCloudError(errors.INVALID_JSON, "A batch request cannot hold another batch.")
