"""Hostile bytes for the bounded decoder, hostile journals and manifests for the store."""
from __future__ import annotations

import gzip
import json
import zlib

from hypothesis import given, settings, strategies as st

from checker.fetch.decode import CappedDecoder, DecodeError, TooLarge, gunzip_capped
from checker.models import Source
from checker.store.journal import JOURNAL, recover
from checker.store.snapshots import SnapshotStore

BOUNDED = settings(max_examples=60, derandomize=True, deadline=None)
SPEC = Source(id="openapi", kind="spec", url="https://openrouter.ai/openapi.json")


@BOUNDED
@given(st.binary(max_size=2048), st.sampled_from(["gzip", "deflate"]), st.integers(1, 4096))
def test_the_decoder_never_exceeds_its_cap_and_fails_only_with_decode_error(data, encoding, cap):
    decoder = CappedDecoder(encoding, cap)
    try:
        out = decoder.feed(data)
    except DecodeError:
        return
    assert len(out) <= cap


@BOUNDED
@given(st.binary(max_size=5000), st.integers(1, 6000))
def test_gunzip_round_trips_under_the_cap_and_refuses_over_it(payload, cap):
    packed = gzip.compress(payload)
    if len(payload) <= cap:
        assert gunzip_capped(packed, cap) == payload
    else:
        try:
            gunzip_capped(packed, cap)
        except TooLarge:
            return
        raise AssertionError("an over-cap body was accepted")


def test_deflate_without_the_zlib_wrapper_is_accepted():
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    body = raw.compress(b"hello") + raw.flush()
    assert CappedDecoder("deflate", 100).feed(body) == b"hello"


_json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                            lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                                         max_size=4), max_leaves=12)


@BOUNDED
@given(_json_values | st.text(max_size=50))
def test_any_journal_is_rolled_back_or_forward_without_escaping_the_store(tmp_path_factory, journal):
    root = tmp_path_factory.mktemp("store")
    store = root / "t"
    store.mkdir()
    outside = root / "outside.txt"
    outside.write_text("keep")
    (store / JOURNAL).write_text(journal if isinstance(journal, str) else json.dumps(journal))
    recover(store)
    assert not (store / JOURNAL).exists() and outside.read_text() == "keep"


def test_a_journal_cannot_move_files_out_of_the_store(tmp_path):
    store = tmp_path / "t"
    store.mkdir()
    (tmp_path / "victim.txt").write_text("keep")
    (store / ".x.next").write_text("evil")
    (store / JOURNAL).write_text(json.dumps({"moves": [[".x.next", "../victim.txt"]], "manifest": "{}"}))
    recover(store)
    assert (tmp_path / "victim.txt").read_text() == "keep"
    assert not (store / "manifest.json").exists()  # an unusable journal is rolled back, not forward


@BOUNDED
@given(_json_values)
def test_any_manifest_either_loads_or_is_one_clear_error(tmp_path_factory, manifest):
    from checker.errors import InputError

    store = tmp_path_factory.mktemp("store") / "t"
    store.mkdir()
    (store / "manifest.json").write_text(json.dumps(manifest))
    (store / "openapi.json").write_text("{}")
    try:
        SnapshotStore(store.parent, "t").read(SPEC)
    except InputError as exc:
        assert "manifest" in exc.message


def test_a_manifest_entry_of_the_wrong_types_is_one_clear_error(tmp_path):
    import pytest

    from checker.errors import InputError

    store = tmp_path / "t"
    store.mkdir()
    entry = {"url": "u", "final_url": "u", "sha256": "x", "fetched_at": "2026-01-01T00:00:00+00:00", "file": 5}
    (store / "manifest.json").write_text(json.dumps({"sources": {"openapi": entry}}))
    with pytest.raises(InputError, match="manifest.*'file'"):
        SnapshotStore(tmp_path, "t").read(SPEC)
