"""Reporters: each turns a Report (and a ReportContext) into text, and does no I/O.

The command (checker/commands/output.py) gathers what reporters declare they need into the
context and decides where every text goes. REPORTERS maps a --format name to "module:Class"
so that a run imports only the reporters it uses.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Mapping

from msgspec import Struct, field

from checker.errors import ConfigError
from checker.models import Report

if TYPE_CHECKING:
    from checker.store.history import HistoryEvent

REPORTERS: dict[str, str] = {
    "console": "checker.report.console:ConsoleReporter",
    "json": "checker.report.json:JsonReporter",
    "sarif": "checker.report.sarif:SarifReporter",
    "junit": "checker.report.junit:JunitReporter",
    "github": "checker.report.github:GithubReporter",
    "markdown": "checker.report.markdown:MarkdownReporter",
    "html": "checker.report.html:HtmlReporter",
}
# What a reporter may ask the command for (Reporter.needs); each is one field of ReportContext.
HISTORY, ARTIFACTS, STEP_SUMMARY, PLACES = "history", "artifacts", "step_summary", "places"


class ReportContext(Struct, frozen=True):
    """What a reporter may show besides the report: colour, history, snapshot files."""

    color: bool = False  # ANSI colours (the text goes to a terminal)
    history: tuple["HistoryEvent", ...] = ()  # the stored drift history of the target, oldest first
    artifacts: Mapping[str, str] = field(default_factory=dict)  # source id -> its file in the snapshot store
    step_summary: str | None = None  # file the CI shows as the step summary ($GITHUB_STEP_SUMMARY)
    # finding fingerprint -> (file, line or None): the integration's own file, else the new snapshot
    places: Mapping[str, tuple[str, int | None]] = field(default_factory=dict)
    # fingerprints whose place is in the snapshot from before this run's change (the new one is not stored)
    earlier: frozenset[str] = frozenset()
    # what a reader asked to see (console): --all, --min-severity, --only KIND, -q; the JSON holds everything
    show_all: bool = False
    min_severity: str | None = None
    only: tuple[str, ...] = ()
    quiet: bool = False
    width: int = 100  # wrap long lines at the terminal width
    exit_code: int | None = None  # the run's exit code and the severity that fails it (the verdict)
    fail_on: str = "error"


class Appendix(Struct, frozen=True):
    """Text a reporter wants appended to a file the context named (e.g. the step summary)."""

    path: str
    text: str


class Reporter:
    needs: frozenset[str] = frozenset()

    def render(self, report: Report, context: ReportContext = ReportContext()) -> str:
        raise NotImplementedError

    def appendices(self, report: Report, context: ReportContext) -> list[Appendix]:
        return []


def get_reporter(name: str, **options: object) -> Reporter:
    spec = REPORTERS.get(name)
    if spec is None:
        known = ", ".join(sorted(REPORTERS))
        raise ConfigError(f"unknown --format '{name}'", f"choose one of: {known}")
    module_name, class_name = spec.split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls(**options)
