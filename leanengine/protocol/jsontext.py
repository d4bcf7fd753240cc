"""JSON encoding and decoding for hot paths.

``json.JSONEncoder.encode`` builds a new C encoder on every call, which costs more than
encoding a small object; ``encoder(...)`` builds it once.  Without a circular-reference
check: values encoded here come from decoded JSON, which cannot hold a cycle.
``json.loads`` wraps its C scanner in whitespace matching and checks that cost twice the
scan of a small text; ``parse_trusted`` calls the scanner directly.

Client JSON (``loads_client``) is held to more than the json module asks: no NaN or
Infinity, and no half of a UTF-16 surrogate pair (``"\\ud800"``), which json decodes to
a str that no UTF-8 encoder (SQLite's, a hash's, the answer's) will take.
"""

from __future__ import annotations

import json
import json.scanner
import re
from json import encoder as _encoder_module

# ``scan(text, index) -> (value, end)``: raises StopIteration or ValueError on bad JSON.
scan = json.scanner.make_scanner(json.JSONDecoder())


def parse_trusted(text: str):
    """The value of a JSON text this program wrote itself (``encoder``'s output: valid,
    no surrounding whitespace), such as a stored row."""
    return scan(text, 0)[0]


# An escape of a surrogate; then every escape sequence, so that an escaped backslash
# (``\\\\ud800``, the text ``\\ud800``) is read as one.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.S)
_RAW_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` (JSON, or a query-string value that may be JSON) holds a ``\\u``
    escape of a surrogate that is not half of a well-formed pair. (A surrogate itself
    cannot come out of strict UTF-8 decoding; ``loads_client`` checks the other paths.)"""
    if "\\u" not in text or _SURROGATE_ESCAPE.search(text) is None:   # the usual case
        return False
    expect_low_at = None            # where the low half of a high surrogate must start
    for escape in _ESCAPE.finditer(text):
        unit = int(escape.group(1), 16) if escape.group(1) else None
        is_low = unit is not None and 0xDC00 <= unit <= 0xDFFF
        if expect_low_at is not None:
            if escape.start() != expect_low_at or not is_low:
                return True
            expect_low_at = None
        elif is_low:
            return True
        elif unit is not None and 0xD800 <= unit <= 0xDBFF:
            expect_low_at = escape.end()
    return expect_low_at is not None


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


# Built once: json.loads with options builds a decoder on every call.
_client_decoder = json.JSONDecoder(parse_constant=_reject_constant)


def loads_client(data: bytes | str):
    """The value of a JSON text a client sent (UTF-8, or UTF-16/32 as json detects them);
    ValueError for bad JSON, NaN or Infinity, or a lone surrogate; RecursionError for
    nesting past the decoder's stack."""
    if isinstance(data, bytes):
        try:
            text = data.decode()
            value = _client_decoder.decode(text)
        except ValueError:      # a BOM, UTF-16/32 text (json detects them), or bad JSON
            text = data.decode(json.detect_encoding(data), "surrogatepass")
            if _RAW_SURROGATE.search(text):     # half a pair, passed by "surrogatepass"
                raise ValueError("a lone surrogate is not valid text") from None
            value = _client_decoder.decode(text)
    else:
        text = data
        value = _client_decoder.decode(text)
    if has_lone_surrogate(text):
        raise ValueError("a lone surrogate is not valid text")
    return value


def encoder(*, sort_keys: bool = False, ensure_ascii: bool = True, allow_nan: bool = True):
    """A function ``value -> compact JSON text`` (separators ``,`` and ``:``)."""
    options = json.JSONEncoder(sort_keys=sort_keys, ensure_ascii=ensure_ascii,
                               allow_nan=allow_nan, separators=(",", ":"))
    make = _encoder_module.c_make_encoder
    if make is None:                             # no C accelerator: the standard path
        return options.encode
    strings = _encoder_module.encode_basestring_ascii if ensure_ascii \
        else _encoder_module.encode_basestring
    try:
        encode = make(None, options.default, strings, None, ":", ",", sort_keys, False,
                      allow_nan)
    except TypeError:                            # another signature in another Python
        return options.encode

    def text(value) -> str:
        return "".join(encode(value, 0))

    return text
