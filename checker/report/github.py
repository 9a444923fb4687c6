"""GitHub Actions: workflow-command annotations, and a Markdown step summary.

`::error file=F,line=L,title=T::message` per finding (info -> notice). The step summary (the
markdown report) is an appendix for the file the context names (the command passes
$GITHUB_STEP_SUMMARY, and appends it there, as GitHub expects).
Escaping follows @actions/core: data escapes % CR LF; properties also escape : and ,.
"""
from __future__ import annotations

from checker.models import Finding, Report
from checker.report import STEP_SUMMARY, Appendix, Reporter, ReportContext
from checker.report.layout import repo_path, summary_line
from checker.report.markdown import MarkdownReporter

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    props: list[tuple[str, str]] = []
    if f.location.file:
        uri, relative = repo_path(f.location.file)
        props.append(("file", uri if relative else f.location.file))
        if f.location.line:
            props.append(("line", str(f.location.line)))
    place = " · ".join(p for p in (f.location.operation, f.location.section, f.location.pointer) if p)
    props.append(("title", f"{f.code} [{place or f.location.source}]"))
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMANDS[f.severity.value]} {head}::{escape_data(f'{f.message} {f.official_url}')}"


class GithubReporter(Reporter):
    needs = frozenset({STEP_SUMMARY})

    def render(self, report: Report, context: ReportContext = ReportContext()) -> str:
        lines = [annotation(f) for f in report.findings]
        lines.append(f"checker {report.mode}: {summary_line(report)}")
        return "\n".join(lines) + "\n"

    def appendices(self, report: Report, context: ReportContext) -> list[Appendix]:
        if not context.step_summary:
            return []
        return [Appendix(context.step_summary, MarkdownReporter().render(report, context) + "\n")]
