"""Plain-text report for a terminal, relevance first: the verdict, "Your integration" (every
relevant finding, in full), "Docs drift" (one line per operation or page, with counts), then how
to accept the drift. `--all` / `--min-severity` / `--only` / `-q` choose what is shown."""
from __future__ import annotations

import textwrap
from functools import partial
from typing import Any, Callable

from checker.models import Finding, Kind, Report, Severity
from checker.report import Reporter, ReportContext
from checker.report.view import count_text, drift_lines, is_brief, is_reading, split, verdict, word_diff

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"
_EXCERPT = 160
MAX_DRIFT_LINES = 8
MAX_BECAUSE = 1  # reasons shown per finding (--format json has them all)
MAX_SECTIONS = 4  # section names shown per page to read
INDENT = " " * 10


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
    if f.count > 1 and parts[0]:  # the same finding on more requests (a shared change lists its operations)
        parts[0] += f" (and {f.count - 1} more)"
    parts.append(loc.operation or loc.section or "")
    if loc.pointer and f.kind == "client":
        parts.append(loc.pointer)
    return " ".join(p for p in parts if p)


def shown(findings: list[Finding], context: ReportContext) -> list[Finding]:
    """The findings the reader asked for: --only KIND and --min-severity."""
    if context.only:
        findings = [f for f in findings if f.kind in context.only]
    if context.min_severity:
        floor = Severity(context.min_severity)
        findings = [f for f in findings if f.severity.at_least(floor)]
    return findings


class ConsoleReporter(Reporter):
    def render(self, report: Report, context: ReportContext = ReportContext()) -> str:
        sev = partial(_sev, color=context.color)
        wrap = partial(_wrap, width=max(40, context.width))
        lines = [self._header(report), verdict(report, context)]
        lines += [wrap(f"note: {note}", INDENT) for note in report.notes]
        findings = shown(report.findings, context)
        relevant, rest = split(findings)
        if context.show_all or context.min_severity:
            relevant, rest = relevant + rest, []
        if relevant:
            lines += ["", f"Your integration ({len(relevant)})"]
            if context.show_all:
                lines += [line for f in relevant for line in self._full(f, sev, wrap)]
            else:
                lines += [line for f in relevant if not is_reading(f) for line in
                          (self._brief(f, sev, wrap) if is_brief(f) else self._full(f, sev, wrap))]
                lines += self._to_read([f for f in relevant if is_reading(f)], sev, wrap)
        if rest and not context.quiet:
            lines += self._drift(rest, sev)
        if not context.quiet and any(f.kind in (Kind.SPEC, Kind.PAGE) for f in findings) and report.mode != "diff":
            lines += ["", "accept this drift as the new baseline: checker check --update-snapshots"]
        lines += ["", self._summary(report)]
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

    def _full(self, f: Finding, sev: Callable[[Severity], str], wrap: Callable[..., str]) -> list[str]:
        suffix = f"  [{_where(f)}]" if _where(f) else ""
        lines = [wrap(f"  {sev(f.severity)} {f.code}: {f.message}{suffix}", INDENT)]
        lines += [wrap(f"{INDENT}because: {why}", INDENT + "  ") for why in f.relevant_because[:MAX_BECAUSE]]
        if len(f.relevant_because) > MAX_BECAUSE:
            lines[-1] += f" (+{len(f.relevant_because) - MAX_BECAUSE} more)"
        if f.official_url not in f.message:
            lines.append(f"{INDENT}{f.official_url}")
        if _prose(f.before) and _prose(f.after):
            lines.append(wrap(f"{INDENT}~ {word_diff(f.before, f.after)}", INDENT + "  "))
            return lines
        if _said(f.before, f.message) and _said(f.after, f.message):
            return lines  # e.g. a moved page: the message names both URLs
        if f.before is not None:
            lines.append(f"{INDENT}- {_excerpt(f.before)}")
        if f.after is not None:
            lines.append(f"{INDENT}+ {_excerpt(f.after)}")
        return lines

    def _brief(self, f: Finding, sev: Callable[[Severity], str], wrap: Callable[..., str]) -> list[str]:
        url = "" if f.official_url in f.message else f"  {f.official_url}"
        return [wrap(f"  {sev(f.severity)} {f.code}: {f.message}{url}", INDENT)]

    def _to_read(self, findings: list[Finding], sev: Callable[[Severity], str], wrap: Callable[..., str]) -> list[str]:
        """Changed docs sections about what the integration uses: one line per page, with the sections."""
        pages: dict[str, list[Finding]] = {}
        for f in findings:
            pages.setdefault(f.location.source, []).append(f)
        lines = []
        for page, items in pages.items():
            names = list(dict.fromkeys(f.location.section or "?" for f in items))
            shown = ", ".join(names[:MAX_SECTIONS]) + (f" (+{len(names) - MAX_SECTIONS} more)" if len(names) > MAX_SECTIONS else "")
            worst = max((f.severity for f in items), key=lambda s: s.rank)
            lines.append(wrap(f"  {sev(worst)} {page}: read {len(items)} section change(s): {shown}  "
                              f"{items[0].official_url.split('#', 1)[0]}", INDENT))
        return lines

    def _drift(self, rest: list[Finding], sev: Callable[[Severity], str]) -> list[str]:
        groups = drift_lines(rest)
        lines = ["", f"Docs drift ({len(rest)} finding(s) elsewhere; --all shows each)"]
        for d in groups[:MAX_DRIFT_LINES]:
            lines.append(f"  {sev(d.worst)} {d.key}: {d.total} change(s) ({count_text(d.counts)})  {d.url}")
        if len(groups) > MAX_DRIFT_LINES:
            more = groups[MAX_DRIFT_LINES:]
            lines.append(f"  … and {len(more)} more operation(s)/page(s) with {sum(d.total for d in more)} change(s)")
        return lines

    def _summary(self, report: Report) -> str:
        s = report.summary
        if not report.findings:
            return "no findings"
        return f"{s['error']} error(s), {s['warning']} warning(s), {s['info']} info"


def _said(value: Any, message: str) -> bool:
    return value is None or (isinstance(value, str) and value in message)


def _prose(value: Any) -> bool:
    return isinstance(value, str) and len(value.split()) >= 3


def _wrap(text: str, indent: str, width: int) -> str:
    if len(text) <= width:
        return text
    return "\n".join(textwrap.wrap(text, width=width, subsequent_indent=indent, break_on_hyphens=False,
                                   break_long_words=False))
