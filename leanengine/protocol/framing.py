"""HTTP framing shared by the server and the engine: what goes out must not be read by
the client (or a proxy between) as anything but the answer it is.

Header values built from what a client sent (an echoed ``Origin``, a stored MIME type) go
out on one line: a request header may arrive folded over several lines (obs-fold,
``"a,\r\n b"``) and a stored value may hold a line break; written back as it is, it
would split the answer's header block (WSGI servers refuse it with a 500, a lenient one
would let a client inject headers). An answer to HEAD has no body: a body after it would
be read as the start of the next answer on a kept-alive connection (RFC 9110 9.3.2).
"""

from __future__ import annotations

import re

_BREAKS = re.compile(r"[\x00-\x1f\x7f]+")


def single_line(value) -> str:
    """``value`` with every run of control characters (CR, LF, tab...) made one space."""
    text = str(value)
    if text.isprintable():          # the usual case, checked in C
        return text
    return _BREAKS.sub(" ", text).strip()


def head_only(body) -> list:
    """The body of an answer to HEAD: none. ``body`` (a WSGI app's iterable) is run
    through and dropped, since an app may call ``start_response`` from inside it."""
    try:
        for _ in body:
            pass
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()
    return []
