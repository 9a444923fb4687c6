"""orjson reads a capture line only where the stdlib json reads it the same way."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from checker import fastjson


def stdlib(raw: bytes) -> object:
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return fastjson.STDLIB


def agree(raw: bytes) -> None:
    fast = fastjson.loads(raw)
    if fast is not fastjson.STDLIB:  # repr: 1, 1.0 and True differ, so do -0.0 and 0.0, and key order
        assert repr(fast) == repr(stdlib(raw)), raw


SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
           | st.text() | st.sampled_from([-0.0, 2**63, -2**63 - 1, 2**64, 10**30, 1e308, 5e-324]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=20)
LITERALS = st.sampled_from(["NaN", "-Infinity", "1e400", "-1e400", "1E-400", "-0", "-0.0", "0.1e1", "1.5E+3",
                            '"\\ud800"', '"\\udc00x"', '"\\ud83d\\ude00"', '"\\u0000"', '"\\/"',
                            "123456789012345678", "1234567890123456789", "-9223372036854775809",
                            "18446744073709551616", "0.12345678901234567890", '{"a": 1, "a": 2.0}',
                            "[1,]", "01", "1.", ".5", "+1", "tru", '"\t"', "\ufeff{}", " {} ", "{}\x00"])


@settings(max_examples=400, derandomize=True, deadline=None)
@given(VALUES, st.booleans())
def test_orjson_reads_dumped_values_as_json_does(value, ascii_only):
    agree(json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass"))


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(LITERALS | st.text(max_size=3), min_size=1, max_size=6), st.sampled_from(["[{}]", '{{"k": {}}}', "{}"]))
def test_orjson_reads_odd_numbers_strings_and_junk_as_json_does(pieces, frame):
    for piece in pieces:
        agree(frame.format(piece).encode("utf-8", "surrogatepass"))
    agree(("[" + ",".join(pieces) + "]").encode("utf-8", "surrogatepass"))


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.binary(max_size=40))
def test_orjson_reads_arbitrary_bytes_as_json_does(raw):
    agree(raw)
    agree(b'{"k": "' + raw + b'"}')


@pytest.mark.parametrize("raw", [b"NaN", b"1e400", b'"\\ud800"', b"18446744073709551616", b"-9223372036854775809",
                                 b"\xef\xbb\xbf{}", b"[" * 2000 + b"]" * 2000, b"\xed\xa0\x80"])
def test_what_orjson_reads_differently_goes_to_the_stdlib(raw):
    assert fastjson.loads(raw) is fastjson.STDLIB


def test_duplicate_keys_and_negative_zero_read_as_the_stdlib_reads_them():
    value = fastjson.loads(b'{"a": 1, "b": -0.0, "a": [1.0, true, 1]}')
    assert repr(value) == repr({"a": [1.0, True, 1], "b": -0.0}) == repr(stdlib(b'{"a": 1, "b": -0.0, "a": [1.0, true, 1]}'))


@pytest.mark.parametrize("fmt", ["console", "json", "sarif"])
def test_lone_surrogates_in_a_capture_are_findings_not_a_crash(tmp_path, capsys, fmt):
    from checker.cli import main
    from tests.comply.conftest import MINI_SPEC

    line = ('{"method": "POST", "url": "https://openrouter.ai/api/v1/chat/completions", "headers": '
            '{"Authorization": "Bearer sk-or-v1-x", "X-Title": "\\udc00"}, "body": {"model": "openai/gpt-4o", '
            '"messages": [{"role": "\\ud800", "content": "\\ud800"}], "temperature": "\\ud800", "\\ud801x": 1}}')
    path = tmp_path / "s.jsonl"
    path.write_text(line + "\n")
    assert main(["validate", "--captures", str(path), "--spec", str(MINI_SPEC), "--format", fmt]) == 1
    out, err = capsys.readouterr()
    assert err == "" or "internal error" not in err
    if fmt == "json":
        found = {f["location"]["pointer"]: f for f in json.loads(out)["findings"]}
        assert {"/temperature", "/messages/0/role", "/\ufffdx"} <= set(found)


def stdlib_indented(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from("\x00\x1f\x7f\u2028\b\f\n\r\t\"\\/\ud800"))
WRITTEN = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | TEXT
    | st.sampled_from([2**63, -2**63 - 1, 2**64, 10**30, 1e-05, 1e16, -0.0, (1, 2), b"x", {1, 2}]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT | st.integers() | st.none(), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(WRITTEN)
def test_indented_writing_gives_the_stdlib_text(value):
    assert fastjson.dumps_indented(value) == stdlib_indented(value)


class Label(str):
    def __str__(self) -> str:
        return "label!"


@pytest.mark.parametrize("value", [{"n": 1e-05}, [float("nan")], {"big": 2**64}, ["\ud800"], {1: "int key"},
                                   {"s": Label("x")}, [__import__("datetime").date(2026, 1, 2)],
                                   [__import__("enum").Enum("E", "A").A], [[[[]]]] * 2, {"a": {}, "b": []}])
def test_what_orjson_writes_differently_is_written_as_the_stdlib_does(value):
    assert fastjson.dumps_indented(value) == stdlib_indented(value)


def test_plain_values_are_written_by_orjson_and_what_it_refuses_by_the_stdlib(monkeypatch):
    import orjson

    value = {"findings": [{"code": "x", "before": [1, None, True], "after": {"é": "\n"}}], "empty": {}}
    expected = stdlib_indented(value)
    with monkeypatch.context() as patch:
        patch.setattr(json, "dumps", lambda *a, **k: "stdlib")
        assert fastjson.dumps_indented(value) == expected  # not the stdlib's
        assert fastjson.dumps_indented({"n": 0.5}) == "stdlib"  # a float: the stdlib's
    monkeypatch.setattr(orjson, "dumps", lambda *a, **k: (_ for _ in ()).throw(orjson.JSONEncodeError("refused")))
    assert fastjson.dumps_indented(value) == expected


def stdlib_canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


# Floats near orjson's and repr's switches between fixed and exponent forms, and the non-finite ones.
FLOATS = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [1e-4, 9.999999999999999e-05, 1e-05, 2.5e-05, 1e-07, 5e-324, 1e15, 9999999999999998.0, 1e16, 1e22, -0.0,
     float("inf"), float("-inf"), float("nan"), 0.1, 123456789012345.6])
ASTRAL = st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF)
CANON_TEXT = st.text(st.characters(codec="utf-8") | ASTRAL
                     | st.sampled_from("\x00\x1f\x7f\x80\xff\u2028\b\"\\/\ud800é€"))
CANONICAL = st.recursive(
    st.none() | st.booleans() | st.integers() | FLOATS | CANON_TEXT
    | st.sampled_from([2**63 - 1, 2**63, -2**63, -2**63 - 1, 2**64, 10**30, "\xcb\x7f", 52095]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(CANON_TEXT, inner, max_size=4),
    max_leaves=25)


@settings(max_examples=500, derandomize=True, deadline=None)
@given(CANONICAL)
def test_canonical_writing_gives_the_stdlib_text(value):
    assert fastjson.dumps_canonical(value) == stdlib_canonical(value)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(FLOATS)
def test_a_float_orjson_writes_its_own_way_is_written_as_the_stdlib_does(number):
    assert fastjson.dumps_canonical({"x": [number]}) == stdlib_canonical({"x": [number]})


@pytest.mark.parametrize("value", [{"n": 1e-05}, [float("nan")], [float("inf")], {"big": 2**64}, ["\ud800"],
                                   {1: "int key"}, {"s": Label("x")}, [__import__("datetime").date(2026, 1, 2)],
                                   {"b": "é\U0001F600\x7f", "a": [1.5, -0.0, 1e16]}, [[[[]]]] * 2])
def test_what_orjson_writes_differently_is_written_canonically_as_the_stdlib_does(value):
    try:
        expected = stdlib_canonical(value)
    except TypeError:  # a date: the stdlib refuses it, and so does the fast path
        with pytest.raises(TypeError):
            fastjson.dumps_canonical(value)
        return
    assert fastjson.dumps_canonical(value) == expected


def test_a_plain_value_is_written_canonically_by_orjson_and_a_tiny_float_by_the_stdlib(monkeypatch):
    value = {"z": "é\U0001F600\x7f", "a": [0.5, 1e16, None, True, 2**63 - 1]}
    expected = stdlib_canonical(value)
    monkeypatch.setattr(json, "dumps", lambda *a, **k: "stdlib")
    assert fastjson.dumps_canonical(value) == expected  # not the stdlib's
    assert fastjson.dumps_canonical({"n": [0.5, 1e-05]}) == b"stdlib"
    assert fastjson.dumps_canonical({"n": float("nan")}) == b"stdlib"


def test_real_specs_are_written_canonically_by_orjson_as_the_stdlib_writes_them(monkeypatch):
    import gzip
    import os
    from pathlib import Path

    shared = Path(os.environ.get("CHECKER_SHARED") or Path(__file__).resolve().parents[2] / ".." / "shared")
    specs = sorted((shared / "corpus/openrouter/specs").glob("*.json.gz"))
    if not specs:
        pytest.skip(f"corpus absent: {shared / 'corpus/openrouter/specs'} (set CHECKER_SHARED)")
    for path in specs:
        raw = gzip.decompress(path.read_bytes())  # the corpus stores the stdlib's compact sorted form
        value = json.loads(raw)
        with monkeypatch.context() as patch:
            patch.setattr(json, "dumps", lambda *a, **k: "stdlib")  # the fast path, not the fallback
            assert fastjson.dumps_canonical(value) == raw, path.name
