"""Time limits of hook and function calls made by the storage server.

LeanCloud's limits: a before-hook (beforeSave, beforeUpdate, beforeDelete) gets 10 s,
every other hook 3 s, a cloud function 15 s. None of them gets more than the request that
triggered it has left: the caller's deadline, read from the ``X-LeanEngine-Time-Left``
header (see ``leanengine.protocol.budget``), or the deadline of an engine call running in
this very thread (``leanengine.context``).
"""

from __future__ import annotations

import time

from ... import context
from ...protocol import budget

BEFORE_HOOK_SECONDS = 10.0
HOOK_SECONDS = 3.0
FUNCTION_SECONDS = 15.0
# Taken off an enclosing request's time, so that it gets the hook's refusal (124) while it
# can still act on it rather than being cut off itself at the same instant.
MARGIN_SECONDS = 0.25


def deadline_from_environ(environ) -> float | None:
    """The deadline a request brought with it (None: the request sets no bound)."""
    return budget.deadline_from(environ.get(budget.ENVIRON_KEY))


def deadline_for(limit: float, caller_deadline: float | None) -> float:
    """The monotonic time by which a call limited to ``limit`` seconds must end."""
    deadline = time.monotonic() + limit
    for outer in (caller_deadline, context.get().deadline):
        if outer is not None and outer - MARGIN_SECONDS < deadline:
            deadline = outer - MARGIN_SECONDS
    return deadline


def seconds_left(deadline: float) -> float:
    return deadline - time.monotonic()
