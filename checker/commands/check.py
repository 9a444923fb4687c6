"""`checker check`: the live docs and spec against the snapshot, plus the rules. The last run's
requests are revalidated first (checker.fetch.probe); when every one answers 304 and no input of the
findings changed, the last report is replayed (checker.store.verdict) without the pipeline."""
from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from msgspec.structs import replace

from checker.commands import options
from checker.errors import ConfigError
from checker.models import Report

PARENTS = (options.target_parent, options.fetch_parent, options.snapshots_parent, options.report_parent,
           options.profile_parent)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--quick", action="store_true",
                       help="fetch only the spec and the pages the rules reference; the docs claims that read "
                            "the whole spec are left to a full check (fast local check)")
    scope.add_argument("--full", action="store_true", help="fetch every page of the target (default)")
    parser.add_argument("--offline", action="store_true",
                        help="fetch nothing: evaluate the rules against the stored snapshot and say how old it is")
    parser.add_argument("--update-snapshots", action="store_true",
                        help="accept what this run saw as the new baseline (failed fetches keep the old one)")
    parser.add_argument("--keep", type=int, default=30, metavar="N",
                        help="previous versions kept per source in the history (default 30)")


def options_from(args: argparse.Namespace, **overrides: object):
    from checker.pipeline import CheckOptions

    if getattr(args, "offline", False) and getattr(args, "update_snapshots", False):
        raise ConfigError("--offline and --update-snapshots cannot be combined", "an offline run sees nothing new")
    if getattr(args, "keep", 30) < 1:
        raise ConfigError("--keep must be at least 1")
    values = dict(
        on_wait=_say,
        target=args.target,
        rules_dir=args.rules,
        snapshots_dir=args.snapshots,
        base_url=args.base_url,
        quick=getattr(args, "quick", False),
        offline=getattr(args, "offline", False),
        update_snapshots=getattr(args, "update_snapshots", False),
        timeout=args.timeout,
        keep=getattr(args, "keep", 30),
        code=getattr(args, "code", None),
    )
    values.update(overrides)
    return CheckOptions(**values)


def _replays(args: argparse.Namespace) -> bool:
    """Whether this run may replay or record (checker.store.verdict): --offline and --update-snapshots
    are about the store, --code reads the repository."""
    return not (getattr(args, "offline", False) or getattr(args, "update_snapshots", False)
                or getattr(args, "code", None))


def _replay_inputs(args: argparse.Namespace) -> dict[str, Any]:
    """What the replay record's key takes (checker.store.views.key), as JSON keeps it."""
    from checker.sources.target import rules_root

    return {"mode": "quick" if getattr(args, "quick", False) else "full", "target": args.target,
            "rules_dir": str(rules_root(args.rules)), "store_dir": str(args.snapshots / args.target),
            "base_url": args.base_url}


def _import_reporters(args: argparse.Namespace) -> None:
    from checker.commands import output  # noqa: F401 - what emit() imports
    from checker.report import get_reporter

    for name in getattr(args, "format", None) or ["console"]:
        get_reporter(name)


def _say(message: str) -> None:
    print(f"checker: {message}", file=sys.stderr, flush=True)


def run_with_progress(args: argparse.Namespace, **overrides: Any) -> Report:
    """run_check with "fetched n/N sources" drawn on a terminal (nothing when not a TTY)."""
    from checker.pipeline import run_check
    from checker.report.progress import Progress

    progress = Progress(enabled=False if args.quiet else None)
    try:
        return run_check(options_from(args, progress=progress if progress.enabled else None, **overrides))
    finally:
        progress.close()


def run(args: argparse.Namespace) -> Report:
    start = time.perf_counter()
    probe = inputs = None
    if _replays(args):
        from checker.fetch.probe import Probe
        from checker.store import verdict

        probe = getattr(args, "_probe", None) or Probe(args.base_url, args.timeout)  # the fast replay's
        record = verdict.read(args.snapshots / args.target)
        if record is not None:  # first: the requests' latency overlaps everything that follows
            probe.ask(record.plan)  # the pipeline takes these answers when this is no replay
        inputs = _replay_inputs(args)
        replayed = _replay(args, inputs, record, probe, start) if record is not None else None
        if replayed is not None:
            _remember(args, record.data, replayed)
            return replayed
    report = run_with_progress(args, probe=probe)
    if inputs is not None:
        data = verdict.record_of(inputs, probe.used, report)
        if data is not None:  # with the view of what a replay renders: the recorded report
            verdict.write(args.snapshots / args.target,
                          _with_view(args, data, verdict.report_from_dict(data["report"])))
    if args.update_snapshots:
        accepted = options.accepted_sources(report)
        shown = ", ".join(accepted[:10]) + (f" and {len(accepted) - 10} more" if len(accepted) > 10 else "")
        report.notes.append(f"accepted {len(accepted)} changed source(s) as the new baseline: {shown}" if accepted
                            else "nothing changed: the baseline stays as it was")
    return report


def _replay(args: argparse.Namespace, inputs: Any, record: Any, probe: Any, start: float) -> Report | None:
    """The recorded report when its key still matches and its every request answers 304 again."""
    from checker.fetch.probe import wire
    from checker.store import views

    if record.key != views.key(inputs, record.data["plan"]):
        return None
    report = record.load()  # this and the reporters' imports while the requests are in flight
    if report is None:
        return None
    _import_reporters(args)
    if not probe.all_not_modified([wire(r) for r in record.plan]):
        return None
    from checker.store import verdict

    return verdict.replayed(report, int((time.perf_counter() - start) * 1000))


def _remember(args: argparse.Namespace, data: dict[str, Any], report: Report) -> None:
    """A replay whose view was not remembered yet remembers it (the next such run is a fast replay)."""
    from checker.store import verdict

    kept = _with_view(args, data, report)
    if kept is not data:
        verdict.write(args.snapshots / args.target, kept)


def _with_view(args: argparse.Namespace, data: dict[str, Any], report: Report | None) -> dict[str, Any]:
    """The record with this run's view of `report` (the recorded one: what a replay renders), when the
    run's text can be remembered (checker.commands.replay); else `data` itself."""
    from checker.commands import replay
    from checker.commands.output import stdout_only
    from checker.store import views

    seen = replay.witness(args._words) if hasattr(args, "_words") and not args.verbose else None
    if report is None or seen is None:
        return data
    if views.view_of(data, seen) is not None:
        replay.remember(seen, args.snapshots / args.target)  # the user cache may have lost the store
        return data

    def render(duration_ms: int, started: str) -> str | None:
        from datetime import datetime

        return stdout_only(replace(report, duration_ms=duration_ms, started_at=datetime.fromisoformat(started)), args)

    parts = views.holes(render)
    if parts is None:
        return data
    replay.remember(seen, args.snapshots / args.target)  # best-effort, as the record itself
    return views.with_view(data, {"witness": seen, "inputs": _replay_inputs(args), "rules": _text(args.rules),
                                  "timeout": args.timeout, "text": parts, "exit": options.exit_code(report, args)})


def _text(path: Any) -> str | None:
    return None if path is None else str(path)
