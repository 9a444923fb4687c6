"""Plain-text report for a terminal: findings grouped by official page, readable without colour."""
from __future__ import annotations

from collections import defaultdict
from functools import partial
from typing import Any, Callable

from checker.models import Finding, Report, Severity
from checker.report import Reporter, ReportContext

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"
_EXCERPT = 160


def _page_of(url: str) -> str:
    return url.split("#", 1)[0]


def _excerpt(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


def _sev(severity: Severity, color: bool) -> str:
    label = severity.value.upper().ljust(7)
    return f"{_COLOURS[severity]}{label}{_RESET}" if color else label


def _where(f: Finding) -> str:
    """Where to look: the file (and line) a finding comes from, then operation / section / pointer."""
    loc = f.location
    parts = [loc.request or (f"{loc.file}:{loc.line}" if loc.file and loc.line else (loc.file or ""))]
    if f.count > 1:
        parts[0] += f" (and {f.count - 1} more)"
    parts.append(loc.operation or loc.section or "")
    if loc.pointer and f.kind == "client":
        parts.append(loc.pointer)
    return " ".join(p for p in parts if p)


class ConsoleReporter(Reporter):
    """`context.compact` (used by --quick) prints one line per finding; otherwise findings are grouped by page."""

    def render(self, report: Report, context: ReportContext = ReportContext()) -> str:
        sev = partial(_sev, color=context.color)
        lines = [self._header(report)]
        lines += [f"note: {note}" for note in report.notes]
        findings = sorted(report.findings, key=lambda f: (-f.severity.rank, f.official_url, f.code))
        if context.compact:
            lines += self._compact(findings, {s.id: s.url for s in report.sources}, sev)
        else:
            lines += self._grouped(findings, sev)
        lines.append(self._summary(report))
        return "\n".join(lines) + "\n"

    def _header(self, report: Report) -> str:
        parts = [f"checker {report.mode}"]
        if report.target:
            parts.append(f"target {report.target}")
        if report.sources:
            changed = sum(1 for s in report.sources if s.status not in ("unchanged", "new"))
            failed = sum(1 for s in report.sources if s.status == "error")
            parts.append(f"{len(report.sources)} sources ({changed} changed or moved, {failed} failed)")
        parts.append(f"{report.duration_ms} ms")
        return " | ".join(parts)

    def _compact(self, findings: list[Finding], urls: dict[str, str], sev: Callable[[Severity], str]) -> list[str]:
        """One line per rule or fetch finding; drift is summed up per source (details: full report)."""
        lines, drift = [], defaultdict(list)
        for f in findings:
            if f.kind in ("spec", "page", "spec-validity"):
                drift[f.location.source].append(f)
            else:
                where = f"{f.location.file}:{f.location.line}: " if f.location.file and f.location.line else ""
                lines.append(f"{sev(f.severity)} {where}{f.message}  {f.official_url}")
        for source, items in drift.items():
            worst = max(items, key=lambda f: f.severity.rank).severity
            where = urls.get(source) or _page_of(items[0].official_url)
            places = len({f.location.operation or f.location.section for f in items})
            unit = ("operation(s)" if any(f.location.operation for f in items)
                    else "section(s)" if any(f.location.section for f in items) else "place(s)")
            lines.append(f"{sev(worst)} {source}: {len(items)} change(s) since the snapshot in "
                         f"{places} {unit}  {where}")
        if drift:
            lines.append("details: `checker check` or --format json lists every change; "
                         "--update-snapshots accepts them")
        return lines

    def _grouped(self, findings: list[Finding], sev: Callable[[Severity], str]) -> list[str]:
        groups: dict[str, list[Finding]] = defaultdict(list)
        for f in findings:
            groups[_page_of(f.official_url)].append(f)
        lines: list[str] = []
        for page, items in groups.items():
            lines.append("")
            lines.append(page)
            for f in items:
                suffix = f"  [{_where(f)}]" if _where(f) else ""
                lines.append(f"  {sev(f.severity)} {f.code}: {f.message}{suffix}")
                if "#" in f.official_url:
                    lines.append(f"          {f.official_url}")
                if f.before is not None:
                    lines.append(f"          - {_excerpt(f.before)}")
                if f.after is not None:
                    lines.append(f"          + {_excerpt(f.after)}")
        if findings:
            lines.append("")
        return lines

    def _summary(self, report: Report) -> str:
        s = report.summary
        if not report.findings:
            return "no findings"
        return f"{s['error']} error(s), {s['warning']} warning(s), {s['info']} info"
