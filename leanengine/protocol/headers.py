"""Header values built from what a client sent (an echoed ``Origin``, a stored MIME type).

A request header may arrive folded over several lines (obs-fold, ``"a,\\r\\n b"``) or a
stored value may hold a line break: written back as it is, it would split the answer's
header block (WSGI servers refuse it with a 500, a lenient one would let a client inject
headers). Every such value goes out on one line.
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

