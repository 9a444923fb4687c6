"""A JSON spec is read with orjson where that gives exactly what the stdlib json gives
(checker/fastjson.py): duplicate keys (the last wins, in the first one's place), integers past
64 bits, -0.0 and 1.0 vs 1 come out the same; NaN, Infinity and lone surrogates are the stdlib's
to accept or to refuse with its own message."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from checker import fastjson
from checker.api.document import parse_spec
from checker.errors import InputError

HEAD = '{"openapi": "3.1.0", "paths": {}, "x-v": '


def stdlib_only(data: bytes) -> object:
    """What parse_spec gave before orjson: the stdlib reader alone."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fastjson, "loads", lambda raw: fastjson.STDLIB)
        try:
            return parse_spec(data, "s.json")
        except InputError as exc:
            return exc.message


def both(data: bytes) -> tuple[str, str]:
    try:
        fast: object = parse_spec(data, "s.json")
    except InputError as exc:
        fast = exc.message
    return repr(fast), repr(stdlib_only(data))  # repr: 1 vs 1.0 vs True, key order


PIECES = st.sampled_from(["NaN", "-Infinity", "1e400", "-0.0", "-0", "1.0", "1", "true", "null",
                          "12345678901234567890123", "-9223372036854775809", "18446744073709551616",
                          "0.1000000000000000055511151231257827", '"\\ud800"', '"\\ud83d\\ude00"',
                          '"\\u0000"', '{"a": 1, "b": 2, "a": 3}', '{"a": {"x": 1}, "a": [1.0]}',
                          "[1,]", "01", "tru", '"é"'])


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=5))
def test_spec_reads_as_the_stdlib_reads_it(pieces):
    fast, slow = both((HEAD + "[" + ", ".join(pieces) + "]}").encode("utf-8", "surrogatepass"))
    assert fast == slow


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                    max_leaves=15))
def test_dumped_values_read_back_the_same(value):
    fast, slow = both((HEAD + json.dumps(value) + "}").encode())
    assert fast == slow


def test_duplicate_keys_and_big_integers_as_the_stdlib_has_them():
    doc = parse_spec((HEAD + '{"b": 1, "a": 2, "b": 3, "n": 123456789012345678901234567890}}').encode())
    assert list(doc["x-v"].items()) == [("b", 3), ("a", 2), ("n", 123456789012345678901234567890)]


def test_orjson_serves_an_ordinary_spec_and_nan_goes_to_the_stdlib(monkeypatch):
    used: list[bytes] = []
    real = fastjson.loads

    def spy(raw: bytes) -> object:
        used.append(raw)
        return real(raw)

    monkeypatch.setattr(fastjson, "loads", spy)
    assert parse_spec((HEAD + "[1.5]}").encode())["x-v"] == [1.5]
    assert used and real(used[0]) is not fastjson.STDLIB
    with pytest.raises(InputError, match=r"s\.json: invalid JSON \(NaN is not valid JSON\)"):
        parse_spec((HEAD + "NaN}").encode(), "s.json")


def test_a_bom_and_gzip_still_read():
    import gzip

    data = "\ufeff".encode() + (HEAD + "1}").encode()
    assert parse_spec(data)["x-v"] == 1 == parse_spec(gzip.compress(data))["x-v"]
