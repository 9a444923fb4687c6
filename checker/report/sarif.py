"""SARIF 2.1.0 for code scanning: one rule per finding code, helpUri = the official page.

A finding from a file of the repository (payload, capture, rule file) gets a physical location
there (with its line). Any other finding gets a logical location (operation, or page + section);
when it is about a source kept in the snapshot store it also points at a file there (the
context's `places`: the new snapshot's line of the heading or pointer, else the stored one's,
which the message then says; or the `artifacts` file), since GitHub code scanning drops results
without a repository path. Rule metadata (descriptions, help, helpUri) comes from the catalogue of codes.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping

from checker import __version__
from checker.codes import lookup
from checker.models import Finding, Kind, Location, Report
from checker.report import ARTIFACTS, PLACES, Reporter, ReportContext
from checker.report.layout import EARLIER, page_of, repo_path
from checker.report.view import ordered

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://openrouter.ai/docs"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


class SarifReporter(Reporter):
    needs = frozenset({ARTIFACTS, PLACES})

    def render(self, report: Report, context: ReportContext = ReportContext()) -> str:
        sarif = self.to_sarif(report, context.artifacts, context.places, context.earlier)
        return json.dumps(sarif, indent=2, ensure_ascii=False, default=str) + "\n"

    def to_sarif(self, report: Report, artifacts: Mapping[str, str],
                 places: Mapping[str, tuple[str, int | None]] | None = None,
                 earlier: frozenset[str] = frozenset()) -> dict[str, Any]:
        codes = sorted({f.code for f in report.findings})
        index = {code: i for i, code in enumerate(codes)}
        driver = {
            "name": "checker",
            "version": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [_rule(code, [f for f in report.findings if f.code == code]) for code in codes],
        }
        run = {
            "tool": {"driver": driver},
            "invocations": [{"executionSuccessful": True,
                             "startTimeUtc": report.started_at.isoformat(timespec="seconds")}],
            "results": [self._result(f, index[f.code], artifacts, (places or {}).get(f.fingerprint),
                                     f.fingerprint in earlier) for f in ordered(report.findings)],
            "properties": {"mode": report.mode, "target": report.target, "summary": report.summary},
        }
        return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}

    def _result(self, f: Finding, rule_index: int, artifacts: Mapping[str, str],
                place: tuple[str, int | None] | None, earlier: bool = False) -> dict[str, Any]:
        location: dict[str, Any] = {}
        physical = _placed(place) if place else _physical(f.location, artifacts)
        if physical:
            location["physicalLocation"] = physical
        if not f.location.file:  # a shared change: each operation it reaches
            spread = f.kind == Kind.SPEC and f.location.operation is None and f.locations
            location["logicalLocations"] = [_logical(loc) for loc in (f.locations if spread else [f.location])]
        return {
            "ruleId": f.code,
            "ruleIndex": rule_index,
            "level": LEVELS[f.severity.value],
            "message": {"text": f"{f.message} — {f.official_url}" + (EARLIER if earlier else "")},
            "locations": [location],
            "partialFingerprints": {"checkerFingerprint/v1": f.fingerprint},
            "properties": {"kind": f.kind, "official_url": f.official_url, "source": f.location.source,
                           **({"relevance": f.relevance} if f.relevance else {})},
        }


def _placed(place: tuple[str, int | None]) -> dict[str, Any]:
    path, line = place
    physical: dict[str, Any] = {"artifactLocation": _artifact(path)}
    if line:
        physical["region"] = {"startLine": line}
    return physical


def _physical(loc: Location, artifacts: Mapping[str, str]) -> dict[str, Any] | None:
    if loc.file:
        physical: dict[str, Any] = {"artifactLocation": _artifact(loc.file)}
        if loc.line:
            physical["region"] = {"startLine": loc.line}
        return physical
    if loc.source in artifacts:
        return {"artifactLocation": _artifact(artifacts[loc.source])}
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
    """One reportingDescriptor per code, described by the catalogue; helpUri is the code's official
    page, or else the page its findings point at. A code missing from the catalogue still gets one."""
    entry = lookup(code)
    urls = sorted({f.official_url for f in findings})
    pages = sorted({page_of(u) for u in urls})
    title = entry.title if entry else code.replace("-", " ").capitalize()
    meaning = entry.meaning if entry else (findings[0].message if len(findings) == 1 else f"{title}.")
    remedy = [f"What to do: {entry.remedy}"] if entry else []
    lines = [f"{title}.", meaning, *remedy, "Official documentation:"] + [f"- {u}" for u in urls[:20]]
    markdown = [f"**{title}**", "", meaning, "", *remedy, "", "Official documentation:"] + \
        [f"- <{u}>" for u in urls[:20]]
    default = entry.severity if entry else max(findings, key=lambda f: f.severity.rank).severity
    return {
        "id": code,
        "name": "".join(part.capitalize() for part in code.split("-")),
        "shortDescription": {"text": title},
        "fullDescription": {"text": meaning},
        "helpUri": (entry.docs if entry else None) or (urls[0] if len(urls) == 1 else pages[0]),
        "help": {"text": "\n".join(lines), "markdown": "\n".join(markdown)},
        "defaultConfiguration": {"level": LEVELS[default.value]},
        "properties": {"tags": sorted({f.kind for f in findings})},
    }
