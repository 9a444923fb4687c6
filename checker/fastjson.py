"""JSON read with orjson where it reads a document exactly as the stdlib `json` does: capture
lines (comply/captures.py) and spec files (api/document.py); and written with it where it
writes what the stdlib writes: the JSON report (report/json.py) and a spec's canonical form
(its sha256, api/document.py).

orjson is several times faster, but not the same reader: it refuses NaN/Infinity, numbers beyond
a double's range and lone surrogates (the stdlib accepts them) and reads integers beyond 64 bits
as floats. A text orjson refuses, or one with a run of 19 digits (an integer orjson may turn
into a float, or a long float), is left to the stdlib: findings and error messages stay the
stdlib's (tests/unit/test_fastjson.py checks both readers agree on what orjson accepts)."""
from __future__ import annotations

import codecs
import struct
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


_SORTED_PLAIN = (orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATETIME
                 | orjson.OPT_PASSTHROUGH_DATACLASS)  # what they pass through, orjson refuses (no `default`)
_FLOAT64 = b"\xcb"  # msgpack's marker of a float64: msgspec writes every float as one, then its 8 bytes
_DOUBLE = struct.Struct(">d")
_ESCAPES = "checker.json-ascii"


def dumps_canonical(value: Any) -> bytes:
    """`json.dumps(value, sort_keys=True, separators=(",", ":")).encode()` (ASCII: non-ASCII text
    and DEL escaped as \\uXXXX, astral characters as surrogate pairs), ~4x faster on a spec.
    orjson sorts keys by code point as the stdlib does and writes str, int, bool, None and most
    floats the same; not NaN or infinities (its `null`), nor floats below 1e-4 (`0.00001`, the
    stdlib's `1e-05`): a value holding such a float is the stdlib's, and so is what orjson refuses
    (subclasses, integers beyond 64 bits, lone surrogates, non-str keys)."""
    try:
        text = orjson.dumps(value, option=_SORTED_PLAIN)
    except orjson.JSONEncodeError:
        text = None
    if text is None or not _floats_written_alike(value):
        import json

        return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
    if not text.isascii():
        text = text.decode().encode("ascii", _ESCAPES)
    return text.replace(b"\x7f", b"\\u007f")  # ensure_ascii escapes DEL too; orjson leaves it


def _floats_written_alike(value: Any) -> bool:
    """Does orjson write every float of `value` as the stdlib (repr) does? Its floats are found
    in msgspec's msgpack form (~1 ms on a spec, a walk in Python ~10): each is the byte 0xcb and
    8 bytes of IEEE 754; an 0xcb byte that is not a float (in a string or an integer) is checked
    too, harmlessly: at worst a value goes to the stdlib that need not have."""
    import msgspec

    try:
        packed = msgspec.msgpack.encode(value)
    except (TypeError, ValueError, OverflowError, RecursionError):
        return False
    end, at = len(packed) - 8, packed.find(_FLOAT64)
    while 0 <= at < end:
        (number,) = _DOUBLE.unpack_from(packed, at + 1)
        if orjson.dumps(number) != repr(number).encode():
            return False
        at = packed.find(_FLOAT64, at + 1)
    return True


def _escape_non_ascii(error: UnicodeEncodeError) -> tuple[str, int]:
    """The encode error handler giving json's ensure_ascii escapes of a run of non-ASCII text."""
    escaped = []
    for char in error.object[error.start:error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            escaped.append(f"\\u{0xD800 | code >> 10:04x}\\u{0xDC00 | code & 0x3FF:04x}")
        else:
            escaped.append(f"\\u{code:04x}")
    return "".join(escaped), error.end


codecs.register_error(_ESCAPES, _escape_non_ascii)
