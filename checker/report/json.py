"""The JSON report of DESIGN.md (contract: schema_version 1)."""
from __future__ import annotations

from typing import Any

from checker import __version__, fastjson
from checker.models import Report
from checker.report import Reporter, ReportContext

SCHEMA_VERSION = 1


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "checker", "version": __version__},
        "target": report.target,
        "mode": report.mode,
        "started_at": report.started_at.isoformat(timespec="seconds"),
        "duration_ms": report.duration_ms,
        "sources": [s.to_dict() for s in report.sources],
        "findings": [f.to_dict() for f in report.findings],
        "summary": report.summary,
        "notes": list(report.notes),
    }


class JsonReporter(Reporter):
    def render(self, report: Report, context: ReportContext = ReportContext()) -> str:
        return fastjson.dumps_indented(report_to_dict(report)) + "\n"
