"""JSON read with orjson where it reads a document exactly as the stdlib `json` does: capture
lines (comply/captures.py) and spec files (api/document.py).

orjson is several times faster, but not the same reader: it refuses NaN/Infinity, numbers beyond
a double's range and lone surrogates (the stdlib accepts them) and reads integers beyond 64 bits
as floats. A text orjson refuses, or one with a run of 19 digits (an integer orjson may turn
into a float, or a long float), is left to the stdlib: findings and error messages stay the
stdlib's (tests/unit/test_fastjson.py checks both readers agree on what orjson accepts)."""
from __future__ import annotations

from typing import Any

import orjson

STDLIB = object()  # "read this line with the stdlib json"
_DIGITS = bytes.maketrans(b"123456789", b"000000000")  # a run of digits: a run of zeros, found fast
_LONG_NUMBER = b"0" * 19


def loads(raw: bytes) -> Any:
    """The JSON value as `json.loads(raw.decode())` gives it, or STDLIB."""
    if _LONG_NUMBER in raw.translate(_DIGITS):
        return STDLIB
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return STDLIB
