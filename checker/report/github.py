"""GitHub Actions: workflow-command annotations, and a Markdown step summary.

`::error file=F,line=L,title=T::message` per finding (info -> notice), relevant findings first,
then by severity; GitHub shows at most 10 annotations of each type per step, so at most
MAX_PER_TYPE of each are written and one notice says how many more the summary and SARIF hold. The step summary (the
markdown report) is an appendix for the file the context names (the command passes
$GITHUB_STEP_SUMMARY, and appends it there, as GitHub expects).
Escaping follows @actions/core: data escapes % CR LF; properties also escape : and ,.
"""
from __future__ import annotations

from checker.models import Finding, Report
from checker.report import PLACES, STEP_SUMMARY, Appendix, Reporter, ReportContext
from checker.report.layout import EARLIER, repo_path, summary_line
from checker.report.view import ordered
from checker.report.markdown import MarkdownReporter

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
MAX_PER_TYPE = 10  # GitHub's own limit of annotations per type and step


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding, place: tuple[str, int | None] | None = None, earlier: bool = False) -> str:
    """`place`: the file and line the command found for the finding (else its own file:line);
    `earlier`: that line is in the snapshot from before the change."""
    props: list[tuple[str, str]] = []
    path, line = place or (f.location.file, f.location.line)
    if path:
        uri, relative = repo_path(path)
        props.append(("file", uri if relative else path))
        if line:
            props.append(("line", str(line)))
    place = " · ".join(p for p in (f.location.operation, f.location.section, f.location.pointer) if p)
    props.append(("title", f"{f.code} [{place or f.location.source}]"))
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    note = EARLIER if earlier else ""
    return f"::{COMMANDS[f.severity.value]} {head}::{escape_data(f'{f.message} {f.official_url}{note}')}"


class GithubReporter(Reporter):
    needs = frozenset({STEP_SUMMARY, PLACES})

    def render(self, report: Report, context: ReportContext = ReportContext()) -> str:
        lines, per_type, hidden = [], {c: 0 for c in COMMANDS.values()}, 0
        for f in ordered(report.findings):
            command = COMMANDS[f.severity.value]
            # one notice slot is kept for the "more findings" line
            room = MAX_PER_TYPE - (1 if command == "notice" else 0)
            if per_type[command] < room:
                per_type[command] += 1
                lines.append(annotation(f, context.places.get(f.fingerprint), f.fingerprint in context.earlier))
            else:
                hidden += 1
        if hidden:
            lines.append(f"::notice title=checker::{hidden} more finding(s): see the job summary / SARIF")
        lines.append(f"checker {report.mode}: {summary_line(report)}")
        return "\n".join(lines) + "\n"

    def appendices(self, report: Report, context: ReportContext) -> list[Appendix]:
        if not context.step_summary:
            return []
        return [Appendix(context.step_summary, MarkdownReporter().render(report, context) + "\n")]
