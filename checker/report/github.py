"""GitHub Actions: workflow-command annotations, and a Markdown step summary.

`::error file=F,line=L,title=T::message` per finding (info -> notice). The step summary (the
markdown report) is appended to $GITHUB_STEP_SUMMARY when that is set, as GitHub expects.
Escaping follows @actions/core: data escapes % CR LF; properties also escape : and ,.
"""
from __future__ import annotations

import os
from pathlib import Path

from checker.models import Finding, Report
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


class GithubReporter:
    def __init__(self, step_summary: str | Path | None = None, **options: object) -> None:
        summary = step_summary or os.environ.get("GITHUB_STEP_SUMMARY")
        self.step_summary = Path(summary) if summary else None
        self.options = options

    def render(self, report: Report) -> str:
        if self.step_summary is not None:
            with self.step_summary.open("a", encoding="utf-8") as fh:
                fh.write(MarkdownReporter().render(report) + "\n")
        lines = [annotation(f) for f in report.findings]
        lines.append(f"checker {report.mode}: {summary_line(report)}")
        return "\n".join(lines) + "\n"
