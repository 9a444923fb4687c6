"""A suppression must name a catalogued finding code (or a glob matching one)."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from checker.codes import matching
from checker.errors import ConfigError
from checker.rules.suppress import load_suppression_file

HEADER = "# known findings\nsuppressions:\n  - fingerprint: 1a2b3c4d5e6f7a8b\n    reason: fine\n"


def write(tmp_path: Path, entry: str) -> Path:
    path = tmp_path / "suppressions.yaml"
    path.write_text(HEADER + entry)
    return path


def test_a_misspelt_code_names_file_line_and_the_close_match(tmp_path):
    path = write(tmp_path, "  - code: page-section-chnged\n    location: '*'\n    reason: noisy\n")
    with pytest.raises(ConfigError) as err:
        load_suppression_file(path)
    assert err.value.message == (f"{path}: suppression #2 (line 5): unknown finding code 'page-section-chnged'; "
                                 "did you mean 'page-section-changed'?")
    assert "checker explain --list" in (err.value.hint or "")


def test_a_glob_must_match_some_catalogued_code(tmp_path):
    path = write(tmp_path, "  - code: 'pgae-section-*'\n    location: '*'\n    reason: noisy\n")
    with pytest.raises(ConfigError, match=r"line 5\): unknown finding code 'pgae-section-\*'"):
        load_suppression_file(path)


@pytest.mark.parametrize("code", ["page-section-changed", "page-section-*", "response-property-enum-value-*"])
def test_catalogued_codes_and_globs_load(tmp_path, code):
    path = write(tmp_path, f"  - code: '{code}'\n    location: '*'\n    reason: noisy\n")
    assert [s.code for s in load_suppression_file(path)] == [None, code]


@settings(max_examples=80, derandomize=True, deadline=None)
@given(st.text(min_size=1, max_size=30).filter(str.strip))
def test_any_code_text_loads_or_is_a_config_error_naming_the_file(code):
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = write(Path(tmp), f"  - code: {json.dumps(code)}\n    location: '*'\n    reason: r\n")
        try:
            loaded = load_suppression_file(path)
        except ConfigError as exc:
            assert exc.message.startswith(f"{path}: ") and "\n" not in exc.message.split(": ", 1)[0]
        else:
            assert matching(loaded[1].code)
