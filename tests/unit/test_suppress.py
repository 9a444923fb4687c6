"""Suppressions: load, validate, apply, and report expired ones."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checker.errors import ConfigError
from checker.models import Finding, Kind, Location, Severity
from checker.rules.suppress import apply_suppressions, load_suppression_file, load_suppressions
from checker.sources.target import bundled_rules_dir

TODAY = dt.date(2026, 8, 22)


def finding(code: str, operation: str, pointer: str) -> Finding:
    return Finding(kind=Kind.SPEC, code=code, severity=Severity.WARNING, message="m",
                   official_url="https://openrouter.ai/docs/x",
                   location=Location("openapi", pointer, operation))


ENUM = finding("response-property-enum-value-added", "GET /models", "/components/schemas/ProviderName")
GONE = finding("request-property-removed", "POST /chat/completions", "/components/schemas/Advisor/properties/tools")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "suppressions.yaml"
    path.write_text(text)
    return path


def test_shipped_file_loads_and_has_no_active_entries():
    assert load_suppressions(bundled_rules_dir(), "openrouter") == []


def test_missing_file_means_no_suppressions(tmp_path):
    assert load_suppressions(tmp_path, "openrouter") == []


def test_fingerprint_and_code_glob_suppress_matching_findings(tmp_path):
    path = write(tmp_path, f"""
suppressions:
  - fingerprint: {GONE.fingerprint}
    reason: advisor tools were never used by us
  - code: response-property-enum-value-added
    location: "GET /model*"
    reason: new providers are fine
    expires: 2026-12-31
""")
    sups = load_suppression_file(path)
    other = finding("response-property-enum-value-added", "GET /providers", "/x")
    assert apply_suppressions([ENUM, GONE, other], sups, TODAY) == [other]


def test_location_glob_matches_pointer_too(tmp_path):
    path = write(tmp_path, """
suppressions:
  - code: "request-property-*"
    location: "/components/schemas/Advisor/*"
    reason: advisor tool is experimental
""")
    assert apply_suppressions([ENUM, GONE], load_suppression_file(path), TODAY) == [ENUM]


def test_expired_suppression_does_not_suppress_and_is_a_warning(tmp_path):
    path = write(tmp_path, """
suppressions:
  - code: response-property-enum-value-added
    location: "*"
    reason: temporary
    expires: 2026-08-01
""")
    out = apply_suppressions([ENUM], load_suppression_file(path), TODAY)
    assert out[0] is ENUM
    expired = out[1]
    assert (expired.kind, expired.code, expired.severity) == ("rule", "suppression-expired", Severity.WARNING)
    assert "2026-08-01" in expired.message and "temporary" in expired.message
    assert expired.location.file == str(path) and expired.location.line == 3


def test_suppression_expiring_today_still_works(tmp_path):
    path = write(tmp_path, f"suppressions:\n  - fingerprint: {ENUM.fingerprint}\n    reason: r\n"
                           f"    expires: {TODAY.isoformat()}\n")
    assert apply_suppressions([ENUM], load_suppression_file(path), TODAY) == []


@pytest.mark.parametrize("entry,field", [
    ("- code: x\n    location: '*'", "reason"),
    ("- fingerprint: abc\n    reason: ''", "reason"),
    ("- reason: r", "fingerprint"),
    ("- code: x\n    reason: r", "fingerprint"),
    ("- fingerprint: abc\n    reason: r\n    expires: soon", "expires"),
    ("- fingerprint: abc\n    reason: r\n    colour: red", "colour"),
    ("- fingerprint: abc\n    code: x\n    reason: r", "fingerprint"),
])
def test_bad_entry_names_file_entry_and_field(tmp_path, entry, field):
    path = write(tmp_path, f"suppressions:\n  - fingerprint: ok\n    reason: fine\n  {entry}\n")
    with pytest.raises(ConfigError) as err:
        load_suppression_file(path)
    text = str(err.value)
    assert str(path) in text and "suppression #2" in text and f"'{field}'" in text


@pytest.mark.parametrize("text", ["suppressions: {a: 1}\n", "- a\n", "suppressions: [\n"])
def test_bad_file_shape_is_a_config_error(tmp_path, text):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_suppression_file(path)
    assert str(path) in str(err.value)
