"""Markdown: a summary table and the findings grouped by official page, with before/after.

Also used as the GitHub step summary, so it stays well under GitHub's 1 MiB limit by cutting
long excerpts and listing at most `max_findings` findings.
"""
from __future__ import annotations

from typing import Any

from checker.models import Finding, Report
from checker.report import Reporter, ReportContext
from checker.report.layout import by_page, excerpt, one_line, summary_line, where

_ICONS = {"error": "🔴", "warning": "🟠", "info": "🔵"}


def cell(text: str) -> str:
    """Text safe inside a table cell."""
    return one_line(text, 300).replace("\\", "\\\\").replace("|", "\\|")


def fenced(text: str, lang: str = "") -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}{lang}\n{text}\n{fence}"


class MarkdownReporter(Reporter):
    def __init__(self, max_findings: int = 200) -> None:
        self.max_findings = max_findings

    def render(self, report: Report, context: ReportContext = ReportContext()) -> str:
        lines = [f"## checker {report.mode}" + (f" — {report.target}" if report.target else ""), ""]
        lines.append(f"**{summary_line(report)}** · {len(report.sources)} source(s) · {report.duration_ms} ms")
        lines += [f"> {one_line(note, 400)}" for note in report.notes]
        lines.append("")
        lines += _sources_table(report)
        shown = 0
        for page, findings in by_page(report.findings).items():
            if shown >= self.max_findings:
                break
            lines += ["", f"### [{cell(page)}]({page})", ""]
            for f in findings[: self.max_findings - shown]:
                lines += _finding(f)
                shown += 1
        if shown < len(report.findings):
            lines += ["", f"_{len(report.findings) - shown} more finding(s) not shown; see the full report._"]
        return "\n".join(lines).rstrip() + "\n"


def _sources_table(report: Report) -> list[str]:
    troubled = [s for s in report.sources if s.status != "unchanged"]
    if not troubled:
        return []
    rows = ["| source | status | detail |", "|---|---|---|"]
    for s in troubled:
        detail = s.error or (s.final_url if s.final_url and s.final_url != s.url else "")
        rows.append(f"| [{cell(s.id)}]({s.url}) | {s.status} | {cell(detail or '')} |")
    return rows


def _finding(f: Finding) -> list[str]:
    icon = _ICONS[f.severity.value]
    lines = [f"- {icon} **{f.severity.value}** `{f.code}` — {one_line(f.message, 500)}",
             f"  <sub>{cell(where(f.location))} · [{cell(f.official_url)}]({f.official_url})</sub>"]
    if f.before is not None or f.after is not None:
        lines += ["", "  <details><summary>before / after</summary>", ""]
        lines += _indent(_before_after(f.before, f.after))
        lines += ["", "  </details>"]
    return lines


def _before_after(before: Any, after: Any) -> list[str]:
    out: list[str] = []
    for label, value in (("before", before), ("after", after)):
        out += [f"**{label}**", "", fenced(excerpt(value) if value is not None else "(none)"), ""]
    return out


def _indent(lines: list[str]) -> list[str]:
    return ["  " + line if line else "" for block in lines for line in block.split("\n")]
