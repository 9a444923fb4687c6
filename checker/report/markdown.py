"""Markdown: the verdict, "Your integration" (relevant findings in full, with before/after), then
a count table of everything else by operation or page.

Also the GitHub step summary (and the nightly PR body), so the text stays under `max_chars`
(GitHub's limit is 65,536 for a PR body): relevant findings come first and, when even they do
not fit, the rest are counted. Text from the docs and the spec is escaped, so that a path such as
`provider.ignore[](ProviderName)` renders as text, not as a link.
"""
from __future__ import annotations

import re
from typing import Any

from checker.models import Finding, Report
from checker.report import Reporter, ReportContext
from checker.report.layout import excerpt, one_line, summary_line, where
from checker.report.view import count_text, drift_lines, split, verdict

_ICONS = {"error": "🔴", "warning": "🟠", "info": "🔵"}
MAX_CHARS = 60_000
_TABLE_RESERVE = 6_000  # room kept for the count table and the closing line
_SPECIAL = re.compile(r"([\\`*_\[\]()<>|#!~])")


def escape(text: str) -> str:
    """Markdown-inert text: every character that could open markup is backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", text)


def cell(text: str) -> str:
    """Text safe inside a table cell."""
    return escape(one_line(text, 300))


def fenced(text: str, lang: str = "") -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}{lang}\n{text}\n{fence}"


class MarkdownReporter(Reporter):
    def __init__(self, max_chars: int = MAX_CHARS) -> None:
        self.max_chars = max_chars

    def render(self, report: Report, context: ReportContext = ReportContext()) -> str:
        lines = [f"## checker {report.mode}" + (f" — {escape(report.target)}" if report.target else ""), ""]
        lines.append(f"**{escape(verdict(report, context))}**")
        lines.append("")
        lines.append(f"{summary_line(report)} · {len(report.sources)} source(s) · {report.duration_ms} ms")
        lines += [f"> {escape(one_line(note, 400))}" for note in report.notes]
        lines.append("")
        lines += _sources_table(report)
        relevant, rest = split(report.findings)
        budget = self.max_chars - _TABLE_RESERVE - len("\n".join(lines))
        listed = _listed(relevant, budget)
        if relevant:
            lines += ["", f"### Your integration ({len(relevant)})", ""]
            lines += listed
            if len(listed) < len(relevant):
                lines += ["", f"_{len(relevant) - len(listed)} more relevant finding(s) not shown; "
                              "see the JSON or SARIF report._"]
        counted = rest + relevant[len(listed):]
        if counted:
            lines += ["", f"### Everything else ({len(counted)})", ""] + _count_table(counted, self.max_chars // 20)
        return "\n".join(lines).rstrip() + "\n"


def _listed(relevant: list[Finding], budget: int) -> list[str]:
    """As many relevant findings as fit in `budget` characters, each at least in its short form
    (the first lines); in full (reasons, before/after) while the room lasts, in reading order."""
    short = ["\n".join(_finding(f)[:2]) for f in relevant]
    listed: list[str] = []
    for entry in short:
        if len(entry) + 1 > budget:
            break
        budget -= len(entry) + 1
        listed.append(entry)
    for i, f in enumerate(relevant[:len(listed)]):
        full = "\n".join(_finding(f))
        if len(full) - len(listed[i]) <= budget:
            budget -= len(full) - len(listed[i])
            listed[i] = full
    return listed


def _count_table(findings: list[Finding], max_rows: int) -> list[str]:
    groups = drift_lines(findings)
    rows = ["| operation or page | changes | by severity |", "|---|---|---|"]
    for d in groups[: min(max_rows, 40)]:
        rows.append(f"| [{cell(d.key)}]({d.url}) | {d.total} | {count_text(d.counts)} |")
    if len(groups) > len(rows) - 2:
        more = groups[len(rows) - 2:]
        rows.append(f"| {len(more)} more | {sum(d.total for d in more)} | |")
    return rows


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
    lines = [f"- {icon} **{f.severity.value}** `{f.code}` — {escape(one_line(f.message, 500))}",
             f"  <sub>{cell(where(f.location))} · [{cell(f.official_url)}]({f.official_url})</sub>"]
    lines += [f"  <sub>because: {cell(why)}</sub>" for why in f.relevant_because]
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
