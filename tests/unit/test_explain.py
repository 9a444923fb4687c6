"""`checker explain`: one entry of the catalogue, or all of them."""
from __future__ import annotations

import json

from hypothesis import given, settings, strategies as st

from checker.cli import main
from checker.codes import CODES


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["explain", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_explain_prints_the_entry(capsys):
    code, out, err = _run(capsys, "header-deprecated")
    entry = CODES["header-deprecated"]
    flat = " ".join(out.split())
    assert code == 0 and err == ""
    assert out.startswith("header-deprecated — ") and "kind: client" in out and "default severity: warning" in out
    assert entry.meaning in flat and entry.remedy in flat
    assert "https://openrouter.ai/docs/app-attribution#x-openrouter-title" in out


def test_explain_json_of_one_code(capsys):
    code, out, _ = _run(capsys, "page-gone", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["code"] == "page-gone" and data["kind"] == "fetch" and data["severity"] == "error"
    assert set(data) == {"code", "kind", "severity", "title", "meaning", "remedy", "docs"}


def test_list_as_json_has_every_code_once(capsys):
    code, out, _ = _run(capsys, "--list", "--format", "json")
    entries = json.loads(out)
    codes = [e["code"] for e in entries]
    assert code == 0 and len(codes) == len(set(codes)) == len(CODES)
    assert {"spec-malformed-node", "snapshot-corrupt", "page-section-changed", "model-unknown"} <= set(codes)
    assert {e["severity"] for e in entries} == {"error", "warning", "info"}


def test_list_as_text_is_one_line_per_code(capsys):
    code, out, _ = _run(capsys, "--list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == len(CODES)
    row = next(line for line in lines if line.startswith("suppression-expired "))
    assert row.split()[1:3] == ["rule", "warning"]


def test_unknown_code_is_one_line_with_a_suggestion(capsys):
    code, out, err = _run(capsys, "page-section-chnged")
    assert code == 2 and out == ""
    first, *rest = err.splitlines()
    assert first == "checker: error: unknown finding code 'page-section-chnged'; did you mean 'page-section-changed'?"
    assert all(line.startswith("checker: hint:") for line in rest)


def test_a_code_or_list_is_required_but_not_both(capsys):
    assert _run(capsys, )[0] == 2
    assert _run(capsys, "--list", "page-moved")[0] == 2


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(lambda s: not s.startswith("-")))
def test_any_text_as_a_code_answers_or_exits_2_without_a_traceback(text):
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["explain", text])
    assert code == (0 if text.strip().lower() in CODES else 2)
    assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue()
    if code == 2:
        assert err.getvalue().startswith("checker: error: unknown finding code")
