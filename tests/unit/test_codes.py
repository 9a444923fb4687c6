"""The catalogue of finding codes covers every code a stage can emit (checker/codes.py).

Two nets: a static scan of the code literals in checker/ (below) and the runtime guard of
tests/codes_guard.py, which checks every Finding checker code creates during the suite.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from msgspec import Struct, field

from checker.codes import CODES, close_matches, lookup, matching
from checker.models import Kind, Location, Severity
from tests.codes_guard import uncatalogued

ROOT = Path(__file__).resolve().parents[2] / "checker"
CODE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
# callee -> index of the positional argument that is a finding code
CODE_ARG = {"client_finding": 1, "Outcome": 1, "emit": 0, "_finding": 0, "NotDocs": 0, "_Suspicious": 0,
            "_Failure": 0, "_fetch_finding": 2}
SEVERITIES = {"E": "error", "W": "warning", "I": "info", "ERROR": "error", "WARNING": "warning", "INFO": "info"}


class Scan(Struct):
    literals: dict[str, list[str]] = field(default_factory=dict)  # code -> places
    patterns: dict[str, list[str]] = field(default_factory=dict)  # regex of an f-string code -> places
    severities: list[tuple[str, str, str]] = field(default_factory=list)  # (code, hard-coded severity, place)


def _severity(node: ast.AST | None) -> str | None:
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
    return SEVERITIES.get(name or "")


def _collect(scan: Scan, node: ast.AST, place: str) -> list[str]:
    """Codes (literal or f-string) anywhere in an expression that is a code; returns the literals."""
    found = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.JoinedStr):
            regex = "".join(re.escape(v.value) if isinstance(v, ast.Constant) else "[a-z0-9-]+" for v in sub.values)
            scan.patterns.setdefault(regex, []).append(place)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str) and CODE.fullmatch(sub.value):
            if not any(isinstance(p, ast.JoinedStr) and sub in p.values for p in ast.walk(node)):
                scan.literals.setdefault(sub.value, []).append(place)
                found.append(sub.value)
    return found


def _call(scan: Scan, call: ast.Call, place: str) -> None:
    name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
    keywords = {k.arg: k.value for k in call.keywords}
    codes: list[str] = []
    if "code" in keywords:
        codes = _collect(scan, keywords["code"], place)
    elif name in CODE_ARG and len(call.args) > CODE_ARG[name]:
        codes = _collect(scan, call.args[CODE_ARG[name]], place)
    index = CODE_ARG.get(name, -2) + 1
    severity = _severity(keywords.get("severity") or (call.args[index] if 0 < index < len(call.args) else None))
    if len(codes) == 1 and severity:
        scan.severities.append((codes[0], severity, place))


def scan_source(text: str, name: str = "<source>") -> Scan:
    scan = Scan()
    for node in ast.walk(ast.parse(text)):
        place = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call):
            _call(scan, node, place)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and (t.id == "code" or t.id.endswith("CODES")) for t in targets):
                _collect(scan, node.value, place)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "code":
                    _collect(scan, value, place)
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and len(node.value.elts) == 2:
            code, severity = node.value.elts
            if _severity(severity) or (isinstance(severity, ast.Name) and severity.id == "severity"):
                _collect(scan, code, place)
    return scan


def scan_package() -> Scan:
    total = Scan()
    for path in sorted(ROOT.rglob("*.py")):
        if path.name == "codes.py":
            continue
        part = scan_source(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT.parent)))
        for code, places in part.literals.items():
            total.literals.setdefault(code, []).extend(places)
        for regex, places in part.patterns.items():
            total.patterns.setdefault(regex, []).extend(places)
        total.severities += part.severities
    return total


# -- the scanner itself ------------------------------------------------------------------------
def test_the_scanner_finds_codes_in_every_shape_stages_use():
    scan = scan_source('''
Finding(kind=Kind.FETCH, code="snapshot-missing", severity=Severity.WARNING, message="x")
client_finding(request, "model-unknown", Severity.ERROR, "m", URL)
op.emit(f"request-parameter-became-{became}", E if x else I, "t", ptr)
Outcome(FAIL, first.code if one else "rule-failed", "e")
code = "page-gone" if gone else (fetched.error_code or "fetch-failed")
ERROR_CODES = frozenset({"fetch-timeout"})
problems.append({"code": "spec-invalid", "message": "utf-8"})
def f(): return "new-required-request-property", E
raise NotDocs("page-empty", "the server answered with an empty body.")
headers = {"content-type": "utf-8"}   # not codes
''')
    assert set(scan.literals) == {"snapshot-missing", "model-unknown", "rule-failed", "page-gone", "fetch-failed",
                                  "fetch-timeout", "spec-invalid", "new-required-request-property", "page-empty"}
    assert list(scan.patterns) == ["request\\-parameter\\-became\\-[a-z0-9-]+"]
    assert ("snapshot-missing", "warning", "<source>:2") in scan.severities
    assert ("model-unknown", "error", "<source>:3") in scan.severities


# -- the package -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def package() -> Scan:
    return scan_package()


def test_every_code_literal_in_checker_is_catalogued(package):
    assert len(package.literals) >= 80, "the scan no longer sees the stages' codes"
    missing = {code: places for code, places in package.literals.items() if lookup(code) is None}
    assert missing == {}


def test_every_code_built_by_an_f_string_can_be_a_catalogued_code(package):
    assert package.patterns, "the diff builds codes from parts"
    dead = {p: places for p, places in package.patterns.items() if not any(re.fullmatch(p, c) for c in CODES)}
    assert dead == {}


def test_hard_coded_severities_are_the_catalogue_defaults(package):
    assert len(package.severities) >= 40
    differ = [(code, sev, place, lookup(code).severity.value) for code, sev, place in package.severities
              if lookup(code) and lookup(code).severity.value != sev]
    assert differ == []


def test_every_schema_change_the_diff_classifies_is_catalogued_with_its_severity():
    from checker.diff.changes import Change
    from checker.diff.classify import TABLE, classify

    seen = 0
    for what in [*TABLE, "property-added", "property-removed"]:
        for required in (False, True):
            change = Change(what, ("x",), "/x", required=required)
            for side, where in (("request", "body"), ("request", "parameter"), ("response", "body")):
                verdict = classify(change, side, where)
                if verdict is None:
                    continue
                code, severity = verdict
                seen += 1
                assert lookup(code) is not None, (what, side, where, code)
                assert lookup(code).kind == Kind.SPEC, code
                if what not in ("type-narrowed", "type-widened"):  # they report as type-changed
                    assert lookup(code).severity == severity, code
    assert seen > 100


def test_page_and_fetch_tables_are_catalogued_with_their_kind():
    from checker.diff.pages import SEVERITY
    from checker.fetch.client import ERROR_CODES

    assert {c: (lookup(c).kind, lookup(c).severity) for c in SEVERITY} == {c: (Kind.PAGE, s) for c, s in SEVERITY.items()}
    assert {lookup(c).kind for c in ERROR_CODES} == {Kind.FETCH}


# -- the catalogue -----------------------------------------------------------------------------
def test_codes_emitted_by_other_stages_are_catalogued_as_agreed():
    assert (lookup("spec-malformed-node").kind, lookup("spec-malformed-node").severity) == \
        (Kind.SPEC_VALIDITY, Severity.WARNING)
    assert (lookup("snapshot-corrupt").kind, lookup("snapshot-corrupt").severity) == (Kind.FETCH, Severity.WARNING)


def test_every_entry_is_complete_and_links_an_official_page():
    kinds = {Kind.SPEC, Kind.PAGE, Kind.RULE, Kind.CLIENT, Kind.FETCH, Kind.SPEC_VALIDITY, Kind.CATALOG}
    for code, entry in CODES.items():
        assert entry.code == code and CODE.fullmatch(code), code
        assert entry.kind in kinds and isinstance(entry.severity, Severity), code
        assert entry.title and entry.meaning.endswith(".") and entry.remedy.endswith("."), code
        assert entry.docs is None or entry.docs.startswith("https://openrouter.ai/"), code
    assert {e.kind for e in CODES.values()} == kinds


def test_globs_and_close_matches():
    assert matching("page-section-*") == ["page-section-added", "page-section-changed", "page-section-missing",
                                          "page-section-removed", "page-section-renamed"]
    assert matching("no-such-*") == []
    assert close_matches("page-moveed")[0] == "page-moved"
    assert close_matches("zzzz") == []


# -- the runtime guard -------------------------------------------------------------------------
def test_the_guard_reports_an_uncatalogued_code_created_by_checker_code(catalogued_codes):
    from checker.comply.request import ClientRequest, client_finding

    assert uncatalogued("page-moved", Kind.PAGE) is None
    assert "catalogued as 'page'" in uncatalogued("page-moved", Kind.FETCH)
    request = ClientRequest(method="POST", url="https://openrouter.ai/api/v1/chat/completions")
    client_finding(request, "no-such-code", Severity.ERROR, "m", "https://openrouter.ai/docs")
    assert catalogued_codes == ["checker.comply.request: code 'no-such-code' (client) is not in checker/codes.py"]
    catalogued_codes.clear()  # expected here: keep the guard's teardown green
    Location(source="x")  # building other model objects is not checked
