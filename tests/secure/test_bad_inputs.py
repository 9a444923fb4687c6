"""Every bad input ends in one `checker: error:` line naming the file (and line), at most one hint, exit 2.

Each case writes its files into a fresh directory (the working directory of the run), runs the
command, and checks the exact shape of stderr: no traceback, no last-resort "internal error".
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from checker.cli import main

REPO = Path(__file__).resolve().parents[2]
MINI = str(REPO / "tests" / "comply" / "openapi-mini.json")
RULES = REPO / "checker" / "data" / "rules" / "openrouter"
CAPTURE = json.dumps({"method": "GET", "url": "https://openrouter.ai/api/v1/models"})


def rules_with(name: str, data: bytes | None) -> dict[str, bytes | None]:
    """A copy of the bundled rules with one file replaced (None: the file becomes a directory)."""
    files: dict[str, bytes | None] = {f"r/openrouter/{f.name}": f.read_bytes() for f in RULES.glob("*.yaml")}
    files[f"r/openrouter/{name}"] = data
    return files


DIFF_WITH_RULES = ["diff", MINI, MINI, "--rules", "r"]
CASES = [
    # (id, files, argv, what the error line must contain)
    ("payload-binary", {"p.json": b"\xff\xfe\x00"}, ["validate", "p.json", "--spec", MINI], "p.json: not UTF-8 text"),
    ("payload-empty", {"p.json": b""}, ["validate", "p.json", "--spec", MINI], "p.json: not valid JSON (empty)"),
    ("payload-truncated", {"p.json": b'{"model": "a",'}, ["validate", "p.json", "--spec", MINI],
     "p.json: not valid JSON (Expecting"),
    ("payload-directory", {"p.json": None}, ["validate", "p.json", "--spec", MINI], "p.json: is a directory"),
    ("payload-missing", {}, ["validate", "p.json", "--spec", MINI], "p.json: file not found"),
    ("payload-deep", {"p.json": b"[" * 100000}, ["validate", "p.json", "--spec", MINI],
     "p.json: JSON nested too deeply"),
    ("capture-binary", {"c.jsonl": CAPTURE.encode() + b"\n\xff\xfe\n"}, ["validate", "--captures", "c.jsonl",
                                                                          "--spec", MINI], "c.jsonl:2: not UTF-8"),
    ("capture-not-json", {"c.jsonl": f"{CAPTURE}\n{{oops\n".encode()},
     ["validate", "--captures", "c.jsonl", "--spec", MINI], "c.jsonl:2: not a JSON object"),
    ("capture-not-a-request", {"c.jsonl": b"[1, 2]\n"}, ["validate", "--captures", "c.jsonl", "--spec", MINI],
     "c.jsonl:1: a capture needs 'method' and 'url' strings"),
    ("capture-headers-wrong-type", {"c.jsonl": b'{"method": "GET", "url": "https://x/y", "headers": 5}\n'},
     ["validate", "--captures", "c.jsonl", "--spec", MINI], "c.jsonl:1: 'headers' must be"),
    ("capture-deep", {"c.jsonl": b"[" * 100000 + b"\n"}, ["validate", "--captures", "c.jsonl", "--spec", MINI],
     "c.jsonl:1: JSON nested too deeply"),
    ("capture-directory", {"c.jsonl": None}, ["validate", "--captures", "c.jsonl", "--spec", MINI],
     "c.jsonl: cannot read (is a directory)"),
    ("har-no-entries", {"a.har": b'{"log": 5}'}, ["validate", "--captures", "a.har", "--spec", MINI],
     "a.har: not a HAR file (no log.entries)"),
    ("har-entry-without-url", {"a.har": b'{"log": {"entries": [{"request": {"method": "GET"}}]}}'},
     ["validate", "--captures", "a.har", "--spec", MINI], "a.har: log.entries[0].request: a capture needs"),
    ("har-binary", {"a.har": b"\x00\xff"}, ["validate", "--captures", "a.har", "--spec", MINI], "a.har: not UTF-8"),
    ("spec-missing", {"p.json": b"{}"}, ["validate", "p.json", "--spec", "nope.json"], "nope.json"),
    ("spec-directory", {"p.json": b"{}", "s.json": None}, ["validate", "p.json", "--spec", "s.json"],
     "s.json: Is a directory"),
    ("spec-bad-yaml", {"s.yaml": b"a: [\nb"}, ["diff", "s.yaml", MINI], "s.yaml: neither JSON nor valid YAML at line"),
    ("spec-binary", {"s.json": b"\xff\xfe\x00"}, ["diff", "s.json", MINI], "s.json: not UTF-8"),
    ("catalog-binary", {"m.json": b"\xff"}, ["validate", MINI, "--spec", MINI, "--catalog", "m.json"],
     "catalog m.json: not UTF-8"),
    ("catalog-directory", {"m.json": None}, ["validate", MINI, "--spec", MINI, "--catalog", "m.json"],
     "catalog m.json: is a directory"),
    ("catalog-not-a-list", {"m.json": b'{"data": 5}'}, ["validate", MINI, "--spec", MINI, "--catalog", "m.json"],
     "catalog m.json: expected the models list"),
    ("target-binary", rules_with("target.yaml", b"\xff\xfe"), DIFF_WITH_RULES, "target.yaml: not UTF-8 text"),
    ("target-bad-date", rules_with("target.yaml", b"when: 2026-13-45\n"), DIFF_WITH_RULES,
     "target.yaml: invalid YAML: month must be in 1..12"),
    ("target-not-mapping", rules_with("target.yaml", b"- 1\n"), DIFF_WITH_RULES, "target.yaml: expected a mapping"),
    ("rule-file-directory", rules_with("zz.yaml", None), ["--quick", "--offline", "--rules", "r"],
     "zz.yaml: is a directory"),
    ("rule-file-bad-yaml", rules_with("zz.yaml", b"rules: [\n  - {a: 1\n"), ["--quick", "--offline", "--rules", "r"],
     "zz.yaml: not valid YAML at line"),
    ("rule-file-bad-date", rules_with("zz.yaml", b"rules:\n  - id: x\n    when: 2026-13-45\n"),
     ["--quick", "--offline", "--rules", "r"], "zz.yaml: not valid YAML: month must be in 1..12"),
    ("suppressions-directory", rules_with("suppressions.yaml", None), DIFF_WITH_RULES,
     "suppressions.yaml: is a directory"),
    ("suppressions-binary", rules_with("suppressions.yaml", b"\xff"), DIFF_WITH_RULES, "suppressions.yaml: not UTF-8"),
    ("suppressions-nul", rules_with("suppressions.yaml", b"suppressions: \x00\n"), DIFF_WITH_RULES,
     "suppressions.yaml: not valid YAML: unacceptable character"),
    ("suppressions-bad-date", rules_with("suppressions.yaml", b"suppressions:\n  - {code: a, location: '*', "
                                                              b"reason: r, expires: 2026-13-45}\n"),
     DIFF_WITH_RULES, "suppressions.yaml: not valid YAML: month must be in 1..12"),
    ("bad-float-flag", {}, ["check", "--timeout", "abc"], "argument --timeout: invalid float value: 'abc'"),
    ("bad-choice-flag", {}, ["diff", MINI, MINI, "--fail-on", "fatal"], "argument --fail-on: invalid choice"),
    ("bad-port", {}, ["record", "--port", "99999", "--spec", MINI, "--", "true"], "--port must be 0-65535"),
    ("output-is-directory", {"out": None}, ["diff", MINI, MINI, "--format", "json", "--output", "out"],
     "--output out is a directory"),
    ("snapshots-is-a-file", {"snap": b"x"}, ["--quick", "--offline", "--snapshots", "snap"], "snap/openrouter"),
    ("bad-cron", {}, ["watch", "--cron", "99 * * * *", "--once", "--offline"], "--cron '99 * * * *' is not valid"),
    ("bad-timezone", {}, ["watch", "--timezone", "Mars/Base", "--once", "--offline"], "unknown --timezone"),
    ("bad-operation", {"p.json": b"{}"}, ["validate", "p.json", "--operation", "nope", "--spec", MINI],
     "--operation must look like"),
]


def _write(root: Path, files: dict[str, bytes | None]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if data is None:
            shutil.rmtree(path, ignore_errors=True)
            path.unlink(missing_ok=True)
            path.mkdir()
        else:
            path.write_bytes(data)


@pytest.mark.parametrize("files, argv, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_naming_it_and_exit_2(tmp_path, monkeypatch, capsys, files, argv, expected):
    _write(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CHECKER_BASE_URL", raising=False)
    assert main(argv) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines and lines[0].startswith("checker: error: ") and "internal error" not in lines[0], lines
    assert expected in lines[0], lines
    assert len(lines) <= 2 and all(line.startswith("checker: hint: ") for line in lines[1:]), lines
