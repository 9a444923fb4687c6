"""checker.redact: what is masked, what is left alone, and that masking twice changes nothing."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from checker.errors import CheckerError
from checker.models import Finding, Location, Report, Severity, SourceResult
from checker.redact import MASK, redact, redact_text

KEY = "sk-or-v1-0123456789abcdef"


@pytest.mark.parametrize("text, expected", [
    (f"key {KEY} here", f"key sk-or-{MASK} here"),
    ("SK-OR-V1-ABCDEF0123", f"sk-or-{MASK}"),
    ("Authorization: Bearer abc.def-ghi_jkl", f"Authorization: Bearer {MASK}"),
    ("http://user:pa55word@host:8080/x", f"http://{MASK}@host:8080/x"),
    ("http://tokenonly@host/x", f"http://{MASK}@host/x"),
    ("Could not connect to user:pa55word@127.0.0.1:1 for", f"Could not connect to {MASK}@127.0.0.1:1 for"),
    ("GET /o.json?token=abc123&limit=5", f"GET /o.json?token={MASK}&limit=5"),
    ("u?x=1&API_KEY=zz9: failed", f"u?x=1&API_KEY={MASK}: failed"),
    ("u?sig=abc#frag", f"u?sig={MASK}#frag"),
])
def test_secrets_are_masked(text, expected):
    assert redact_text(text) == expected


@pytest.mark.parametrize("text", [
    "GET /models?offset=0&limit=500", "mail me@example.org", "https://openrouter.ai/docs/api#auth",
    "provider.require_parameters", "a = b", "",
])
def test_ordinary_text_is_left_alone(text):
    assert redact_text(text) == text


def test_keys_of_nested_values_are_masked_too():
    assert redact({KEY: [{"a": f"Bearer {KEY}"}], "n": 1}) == {f"sk-or-{MASK}": [{"a": f"Bearer {MASK}"}], "n": 1}


_pieces = st.sampled_from(["sk-or-v1-", "Bearer ", "http://", "u:p@", "?token=", "&key=", "@", ":", "/", "=",
                           "[REDACTED]", " ", "abc123XYZ", "]", "#"])


@given(st.lists(_pieces, max_size=12).map("".join))
@settings(max_examples=300, derandomize=True)
def test_masking_is_idempotent(text):
    once = redact_text(text)
    assert redact_text(once) == once


@given(st.lists(st.sampled_from(["?", "&", ";", "=", "token", "sig", "x", "(type=", ")", " ", "@", ":"]),
                max_size=10).map("".join))
@settings(max_examples=300, derandomize=True)
def test_the_substring_guard_skips_only_texts_no_pattern_changes(text):
    """redact_text skips the patterns when a cheap substring test says none can match."""
    from checker import redact as module

    patterns = (module.USERINFO_PATTERN, module.NETLOC_PATTERN, module.QUERY_PATTERN, module.BEARER_PATTERN,
                module.KEY_PATTERN)
    if not module._may_hold_secret(text):
        assert not any(p.search(text) for p in patterns)


def test_every_boundary_object_redacts_itself():
    f = Finding(kind="client", code="request-unknown-field", severity=Severity.ERROR, message=f"unknown {KEY}",
                official_url="https://openrouter.ai/docs", before={KEY: 1}, after=[KEY],
                location=Location(source="c.jsonl:1", pointer=f"/{KEY}", operation=f"POST /{KEY}/x"))
    assert KEY not in repr(f.to_dict())
    assert f.location.pointer == f"/sk-or-{MASK}" and f.location.operation == f"POST /sk-or-{MASK}/x"
    src = SourceResult(id="openapi", url="http://h/o.json?token=t0ken", status="error", error="http://u:pw@h down")
    assert src.url == f"http://h/o.json?token={MASK}" and src.error == f"http://{MASK}@h down"
    err = CheckerError(f"bad {KEY}", hint="use http://u:pw@h")
    assert KEY not in str(err) and "pw" not in err.hint
    from datetime import datetime, timezone

    report = Report(mode="record", started_at=datetime.now(timezone.utc), notes=[f"ran `client {KEY}`"])
    report.notes.append(f"then {KEY}")
    report.notes.extend([f"and {KEY}"])
    assert not any(KEY in n for n in report.notes) and len(report.notes) == 3


def test_patterns_are_compiled_only_when_a_text_may_hold_a_secret():
    """A run whose texts hold no secret (a replayed one) compiles none of the patterns; the first
    text that may hold one compiles them and is masked all the same."""
    import subprocess
    import sys

    script = ("import checker.redact as r; names = list(r._SOURCES); "
              "assert r.redact_text('plain page text, no secret') == 'plain page text, no secret'; "
              "print(sorted(n for n in names if n in vars(r))); "
              f"print(r.redact_text('key {KEY}')); print(sorted(n for n in names if n in vars(r)))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0] == "[]"
    assert out[1] == f"key sk-or-{MASK}"
    assert out[2] == str(sorted(["BEARER_PATTERN", "KEY_PATTERN", "NETLOC_PATTERN", "QUERY_PATTERN", "USERINFO_PATTERN"]))
