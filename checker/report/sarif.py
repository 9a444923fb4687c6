"""SARIF 2.1.0 for code scanning: one rule per finding code, helpUri = the official page.

A finding from a file of the repository (payload, capture, rule file) gets a physical location
there (with its line). Any other finding gets a logical location (operation, or page + section);
when it is about a source kept in the snapshot store it also points at that snapshot file, since
GitHub code scanning drops results without a repository path.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from checker import __version__
from checker.models import Finding, Location, Report
from checker.report.layout import default_snapshots_dir, page_of, repo_path
from checker.store.snapshots import SPEC_FILE, page_file

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://openrouter.ai/docs"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


class SarifReporter:
    def __init__(self, snapshots_dir: str | Path | None = None, **_: object) -> None:
        self.snapshots_dir = Path(snapshots_dir or default_snapshots_dir())

    def render(self, report: Report) -> str:
        return json.dumps(self.to_sarif(report), indent=2, ensure_ascii=False, default=str) + "\n"

    def to_sarif(self, report: Report) -> dict[str, Any]:
        codes = sorted({f.code for f in report.findings})
        index = {code: i for i, code in enumerate(codes)}
        driver = {
            "name": "checker",
            "version": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [_rule(code, [f for f in report.findings if f.code == code]) for code in codes],
        }
        stored = {s.id for s in report.sources}
        run = {
            "tool": {"driver": driver},
            "invocations": [{"executionSuccessful": True,
                             "startTimeUtc": report.started_at.isoformat(timespec="seconds")}],
            "results": [self._result(f, index[f.code], report.target, stored) for f in report.findings],
            "properties": {"mode": report.mode, "target": report.target, "summary": report.summary},
        }
        return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}

    def _result(self, f: Finding, rule_index: int, target: str | None, stored: set[str]) -> dict[str, Any]:
        location: dict[str, Any] = {}
        physical = self._physical(f.location, target, stored)
        if physical:
            location["physicalLocation"] = physical
        if not f.location.file:
            location["logicalLocations"] = [_logical(f.location)]
        return {
            "ruleId": f.code,
            "ruleIndex": rule_index,
            "level": LEVELS[f.severity.value],
            "message": {"text": f"{f.message} — {f.official_url}"},
            "locations": [location],
            "partialFingerprints": {"checkerFingerprint/v1": f.fingerprint},
            "properties": {"kind": f.kind, "official_url": f.official_url, "source": f.location.source},
        }

    def _physical(self, loc: Location, target: str | None, stored: set[str]) -> dict[str, Any] | None:
        if loc.file:
            physical: dict[str, Any] = {"artifactLocation": _artifact(loc.file)}
            if loc.line:
                physical["region"] = {"startLine": loc.line}
            return physical
        if target and loc.source in stored:
            name = SPEC_FILE if loc.source == "openapi" else page_file(loc.source)
            return {"artifactLocation": _artifact(self.snapshots_dir / target / name)}
        return None


def _artifact(path: str | Path) -> dict[str, Any]:
    uri, relative = repo_path(path)
    return {"uri": uri, "uriBaseId": "%SRCROOT%"} if relative else {"uri": uri}


def _logical(loc: Location) -> dict[str, Any]:
    if loc.operation:
        return {"name": loc.operation, "fullyQualifiedName": f"{loc.source}:{loc.operation}{loc.pointer or ''}",
                "kind": "function"}
    if loc.section:
        return {"name": loc.section, "fullyQualifiedName": f"{loc.source}#{loc.section}", "kind": "resource"}
    if loc.pointer:
        return {"name": loc.pointer, "fullyQualifiedName": f"{loc.source}{loc.pointer}", "kind": "property"}
    return {"name": loc.source, "fullyQualifiedName": loc.source, "kind": "module"}


def _rule(code: str, findings: list[Finding]) -> dict[str, Any]:
    """One reportingDescriptor per code; helpUri is the official page its findings point at."""
    urls = sorted({f.official_url for f in findings})
    pages = sorted({page_of(u) for u in urls})
    help_uri = urls[0] if len(urls) == 1 else pages[0]
    title = code.replace("-", " ").capitalize()
    lines = [f"{title}. Official documentation:"] + [f"- {u}" for u in urls[:20]]
    markdown = [f"**{title}**. Official documentation:"] + [f"- <{u}>" for u in urls[:20]]
    worst = max(findings, key=lambda f: f.severity.rank).severity.value
    return {
        "id": code,
        "name": "".join(part.capitalize() for part in code.split("-")),
        "shortDescription": {"text": title},
        "fullDescription": {"text": findings[0].message if len(findings) == 1 else title},
        "helpUri": help_uri,
        "help": {"text": "\n".join(lines), "markdown": "\n".join(markdown)},
        "defaultConfiguration": {"level": LEVELS[worst]},
        "properties": {"tags": sorted({f.kind for f in findings})},
    }
