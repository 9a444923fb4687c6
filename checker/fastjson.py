"""JSON read with orjson where it reads a document exactly as the stdlib `json` does: capture
lines (comply/captures.py) and spec files (api/document.py); and written with it where it
writes what the stdlib writes: the JSON report (report/json.py).

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


_SCALARS = frozenset({str, int, bool, type(None)})


def dumps_indented(value: Any) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False, default=str)`, ~10x faster on a report.
    orjson writes the same text for dicts with str keys, lists, str, bool, None and 64-bit ints;
    floats (`1e-05` is orjson's `0.00001`, NaN its `null`), subclasses and other types (the
    stdlib's `default=str`, orjson's own forms of enums or dates) go to the stdlib, and so does
    what orjson refuses (lone surrogates, integers beyond 64 bits)."""
    if _plain(value):
        try:
            return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
        except orjson.JSONEncodeError:
            pass
    import json

    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


def _plain(value: Any) -> bool:
    """Only the types orjson writes as the stdlib does (exact types: no subclasses)."""
    stack = [value]
    pop, push = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is dict:
            for key in item:
                if type(key) is not str:
                    return False
            push(item.values())
        elif kind is list:
            push(item)
        elif kind not in _SCALARS:
            return False
    return True
