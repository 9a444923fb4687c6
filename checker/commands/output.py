"""Where report text goes: the i-th --format to the i-th --output, the rest to stdout.

Reporters do no I/O. This module gathers what the requested reporters need (Reporter.needs:
the stored history, the snapshot file of each source, the step-summary file) into one
ReportContext, writes every text atomically, and appends the reporters' appendices.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct, field
from msgspec.structs import replace

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
        from checker.store.atomic import atomic_write

        atomic_write(Path(dest), text)


def emit(report: Report, args: argparse.Namespace) -> None:
    """Render the report in every requested format; formats without an output go to stdout."""
    text = stdout_only(report, args)
    if text is not None:
        write_text(text, "-")
        return
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


def stdout_only(report: Report, args: argparse.Namespace) -> str | None:
    """The text `emit` writes for `report` when it writes stdout and nothing else and its reporters
    gather nothing (no history, files, places, step summary): what a replay may remember; else None."""
    if any(out != "-" for out in getattr(args, "output", None) or []):
        return None
    reporters = [get_reporter(fmt) for fmt in getattr(args, "format", None) or ["console"]]
    if any(r.needs for r in reporters):
        return None
    context = ReportContext(color=getattr(args, "use_color", False), **view_options(report, args))
    texts = [r.render(report, context) for r in reporters]
    return None if any(r.appendices(report, context) for r in reporters) else "".join(texts)


def view_options(report: Report, args: argparse.Namespace) -> dict[str, object]:
    """What the reader asked to see, the terminal width and the verdict (exit code, threshold)."""
    from checker.commands.options import exit_code, threshold
    from checker.commands.surroundings import terminal_width

    return dict(show_all=bool(getattr(args, "all", False)), min_severity=getattr(args, "min_severity", None),
                only=tuple(getattr(args, "only", None) or ()), quiet=bool(getattr(args, "quiet", 0)),
                width=terminal_width(), exit_code=exit_code(report, args),
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
    files = _files(store_dir, report) if wants_files and store_dir is not None else SourceFiles()
    placed = places(report.findings, files.stored, rules_dir, Path(code_dir) if code_dir else None,
                    new=files.new, old=files.old) if PLACES in needs else {}
    old_files = set(files.old.values())
    return ReportContext(
        history=_history(store_dir) if HISTORY in needs and store_dir else (),
        artifacts=files.stored,
        places=placed,
        earlier=frozenset(fp for fp, (path, line) in placed.items() if line and path in old_files),
        step_summary=(os.environ.get("GITHUB_STEP_SUMMARY") or None) if STEP_SUMMARY in needs else None,
    )


def _history(store_dir: Path) -> tuple["HistoryEvent", ...]:
    from checker.store.history import load_history

    try:
        return tuple(load_history(store_dir))
    except CheckerError:  # an unreadable history must not cost the report
        return ()


class SourceFiles(Struct, frozen=True):
    """Per source id: its file in the snapshot store, and which files on disk hold it as this run
    saw it (`new`) and as it was before this run's change (`old`)."""

    stored: dict[str, str] = field(default_factory=dict)
    new: dict[str, str] = field(default_factory=dict)
    old: dict[str, str] = field(default_factory=dict)


def _files(store_dir: Path, report: Report) -> SourceFiles:
    """The store's file of each reported source, as its manifest names it. The store holds what this
    run saw when the hashes agree (unchanged, or `--update-snapshots`): the replaced version is then
    the history's copy; otherwise the store still holds the version before the change."""
    from checker.store.snapshots import SnapshotStore

    store = SnapshotStore(store_dir.parent, store_dir.name)
    try:
        entries = {s.id: (s, store.entry(s.id)) for s in report.sources}
    except CheckerError:  # an unreadable manifest: the results keep their logical locations
        return SourceFiles()
    files = SourceFiles()
    for sid, (source, entry) in entries.items():
        if entry is None:
            continue
        path = files.stored[sid] = str(store.dir / entry.file)
        if source.sha256 and entry.sha256 != source.sha256:
            files.old[sid] = path
            continue
        files.new[sid] = path
        replaced = _replaced(store_dir, sid, entry.sha256)
        if replaced is not None:
            files.old[sid] = str(replaced)
    return files


def _replaced(store_dir: Path, source_id: str, sha: str) -> Path | None:
    """The history's copy of the version that the change to `sha` replaced, when it was kept."""
    from checker.store.history import load_history

    try:
        events = load_history(store_dir, source_id)
    except CheckerError:
        return None
    event = next((e for e in reversed(events) if e.new_sha == sha), None)
    path = event.path(store_dir) if event else None
    return path if path is not None and path.is_file() else None


def _append(appendix: Appendix) -> None:
    try:
        with open(appendix.path, "a", encoding="utf-8") as fh:
            fh.write(appendix.text)
    except OSError as exc:
        print(f"checker: warning: cannot append to {appendix.path}: {exc.strerror or exc}", file=sys.stderr)

