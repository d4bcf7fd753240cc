"""JSON encoding and decoding for hot paths.

``json.JSONEncoder.encode`` builds a new C encoder on every call, which costs more than
encoding a small object; ``encoder(...)`` builds it once.  Without a circular-reference
check: values encoded here come from decoded JSON, which cannot hold a cycle.
``json.loads`` wraps its C scanner in whitespace matching and checks that cost twice the
scan of a small text; ``parse_trusted`` calls the scanner directly.
"""

from __future__ import annotations

import json
import json.scanner
from json import encoder as _encoder_module

# ``scan(text, index) -> (value, end)``: raises StopIteration or ValueError on bad JSON.
scan = json.scanner.make_scanner(json.JSONDecoder())


def parse_trusted(text: str):
    """The value of a JSON text this program wrote itself (``encoder``'s output: valid,
    no surrounding whitespace), such as a stored row."""
    return scan(text, 0)[0]


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
