"""Where report text goes: the i-th --format to the i-th --output, the rest to stdout.

Reporters do no I/O. This module gathers what the requested reporters need (Reporter.needs:
the stored history, the snapshot file of each source, the step-summary file) into one
ReportContext, writes every text atomically, and appends the reporters' appendices.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from checker.errors import CheckerError
from checker.models import Report
from checker.report import ARTIFACTS, HISTORY, PLACES, STEP_SUMMARY, Appendix, ReportContext, get_reporter

if TYPE_CHECKING:
    from checker.store.history import HistoryEvent


def write_text(text: str, dest: str) -> None:
    """Where every command's text goes: stdout for '-', else the file, written atomically."""
    if dest == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        from checker.store.snapshots import atomic_write

        atomic_write(Path(dest), text)


def emit(report: Report, args: argparse.Namespace) -> None:
    """Render the report in every requested format; formats without an output go to stdout."""
    formats = list(getattr(args, "format", None) or ["console"])
    outputs = list(getattr(args, "output", None) or [])
    reporters = [get_reporter(fmt) for fmt in formats]
    context = replace(gather(report, set().union(*(r.needs for r in reporters)), snapshots_dir(args),
                             rules_dir=_rules_dir(args), code_dir=getattr(args, "code", None)),
                      **view_options(report, args))
    color = getattr(args, "use_color", False)  # --color, NO_COLOR, FORCE_COLOR... resolved with the options
    for i, reporter in enumerate(reporters):
        target = outputs[i] if i < len(outputs) else "-"
        own = replace(context, color=color and target == "-")
        write_text(reporter.render(report, own), target)
        for appendix in reporter.appendices(report, own):
            _append(appendix)


def view_options(report: Report, args: argparse.Namespace) -> dict[str, object]:
    """What the reader asked to see, the terminal width and the verdict (exit code, threshold)."""
    from checker.commands.options import exit_code, threshold

    return dict(show_all=bool(getattr(args, "all", False)), min_severity=getattr(args, "min_severity", None),
                only=tuple(getattr(args, "only", None) or ()), quiet=bool(getattr(args, "quiet", 0)),
                width=shutil.get_terminal_size((100, 24)).columns, exit_code=exit_code(report, args),
                fail_on=threshold(args).value)


def snapshots_dir(args: argparse.Namespace) -> Path:
    """The run's --snapshots, or its default for commands without the option."""
    given = getattr(args, "snapshots", None)
    return Path(given) if given else Path(os.environ.get("CHECKER_SNAPSHOTS", "snapshots"))


def _rules_dir(args: argparse.Namespace) -> Path | None:
    from checker.sources.target import rules_root

    return rules_root(args.rules) if hasattr(args, "rules") else None


def gather(report: Report, needs: set[str], snapshots: Path, rules_dir: Path | None = None,
           code_dir: str | Path | None = None) -> ReportContext:
    """The context the reporters asked for; what cannot be read is left out, never fatal."""
    from checker.commands.places import places

    store_dir = snapshots / report.target if report.target else None
    wants_files = bool({ARTIFACTS, PLACES} & needs) and store_dir is not None
    artifacts = _artifacts(store_dir, report) if wants_files else {}
    return ReportContext(
        history=_history(store_dir) if HISTORY in needs and store_dir else (),
        artifacts=artifacts,
        places=places(report.findings, artifacts, rules_dir, Path(code_dir) if code_dir else None)
        if PLACES in needs else {},
        step_summary=(os.environ.get("GITHUB_STEP_SUMMARY") or None) if STEP_SUMMARY in needs else None,
    )


def _history(store_dir: Path) -> tuple["HistoryEvent", ...]:
    from checker.store.history import load_history

    try:
        return tuple(load_history(store_dir))
    except CheckerError:  # an unreadable history must not cost the report
        return ()


def _artifacts(store_dir: Path, report: Report) -> dict[str, str]:
    """Each reported source's file in the snapshot store, as the store's manifest names it."""
    from checker.store.snapshots import SnapshotStore

    store = SnapshotStore(store_dir.parent, store_dir.name)
    try:
        entries = {s.id: store.entry(s.id) for s in report.sources}
    except CheckerError:  # an unreadable manifest: the results keep their logical locations
        return {}
    return {sid: str(store.dir / entry.file) for sid, entry in entries.items() if entry is not None}


def _append(appendix: Appendix) -> None:
    try:
        with open(appendix.path, "a", encoding="utf-8") as fh:
            fh.write(appendix.text)
    except OSError as exc:
        print(f"checker: warning: cannot append to {appendix.path}: {exc.strerror or exc}", file=sys.stderr)

