"""Running user code under a time limit.

Under gevent (monkey-patched, as in gunicorn's gevent worker) the call runs in the
request's own greenlet under a timer that throws into it, as ``gevent.Timeout`` does.
Otherwise it runs in a daemon worker thread and the request stops waiting when the limit
passes; the thread cannot be killed and finishes (or hangs) on its own, but the caller
gets its 503 on time.
"""

from __future__ import annotations

import contextvars
import threading
from typing import Callable

from gevent import get_hub, getcurrent, monkey

from ..protocol.errors import TIMEOUT
from .errors import LeanEngineError

# The platform's limits: defaults of Engine attributes that an app (or a test) may change.
FUNCTION_SECONDS = 15.0
BEFORE_HOOK_SECONDS = 10.0
HOOK_SECONDS = 3.0


def timed_out() -> LeanEngineError:
    return LeanEngineError(TIMEOUT, "The request timed out on the server.", 503)


_patched = False


def _gevent_patched() -> bool:
    """Whether gevent has patched threading; once it has, it stays so (cached)."""
    global _patched
    _patched = _patched or monkey.is_module_patched("threading")
    return _patched


def call_with_timeout(func: Callable, seconds: float | None, *args):
    """``func(*args)``, or a 503 code 124 ``LeanEngineError`` after ``seconds``.

    ``None`` means no limit. Context variables (the current user) are seen by ``func``.
    """
    if seconds is None:
        return func(*args)
    if seconds <= 0:
        raise timed_out()
    if not (_patched or _gevent_patched()):
        return _in_thread(func, seconds, args)
    # In this greenlet, under a timer that throws into it: what gevent.Timeout does, minus
    # its overhead (written out here rather than in a helper: one frame less per call).
    timer = get_hub().loop.timer(seconds)
    timer.start(_expire, getcurrent(), timer)
    try:
        return func(*args)
    except _Expired as exc:
        if exc.args[0] is not timer:
            raise
        raise timed_out() from None
    finally:
        timer.close()


class _Expired(BaseException):
    """Thrown into the greenlet when its time is up, with the timer that fired (nested
    calls tell theirs apart); a BaseException, so that user code catching ``Exception``
    does not swallow it."""


def _expire(greenlet, timer) -> None:
    """The timer's callback, in the hub: the exception is made only when time is up."""
    greenlet.throw(_Expired(timer))


def _in_thread(func, seconds, args):
    outcome: dict = {}
    done = threading.Event()
    context = contextvars.copy_context()

    def work():
        try:
            outcome["value"] = context.run(func, *args)
        except BaseException as exc:  # handed back to the waiting request
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=work, name="leanengine-call", daemon=True).start()
    if not done.wait(seconds):
        raise timed_out()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
