"""`checker history [SOURCE]`: when a source changed, from the stored history."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from checker.commands import options
from checker.errors import ConfigError

PARENTS = (options.target_parent, options.snapshots_parent)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", nargs="?", metavar="SOURCE",
                        help="source id (openapi, or a page id such as api_reference/streaming); default: all")
    options.add_listing_output(parser)


def run(args: argparse.Namespace) -> int:
    from checker.store.history import history_sources, load_history
    from checker.commands.output import write_text

    store_dir = args.snapshots / args.target
    known = history_sources(store_dir)
    if args.source is not None and args.source not in known:
        hint = f"sources with history: {', '.join(known)}" if known else \
            "the history grows with every full run that sees a change (`checker check --full`)"
        raise ConfigError(f"no history for '{args.source}' in {store_dir}", hint)
    events = load_history(store_dir, args.source)
    if args.listing_format == "json":
        text = json.dumps({"target": args.target, "source": args.source,
                           "events": [{**e.to_dict(), "path": _path(e, store_dir)} for e in events]},
                          indent=2, ensure_ascii=False) + "\n"
    else:
        text = _listing(events, store_dir, args.source)
    write_text(text, args.listing_output)
    return 0


def _path(event, store_dir: Path) -> str | None:
    path = event.path(store_dir)
    return str(path) if path else None


def _listing(events, store_dir: Path, source: str | None) -> str:
    if not events:
        return f"no recorded changes in {store_dir}\n"
    lines = [f"{len(events)} recorded change(s)" + (f" of {source}" if source else "") + f" in {store_dir}"]
    width = max(len(e.source_id) for e in events)
    for e in reversed(events):  # newest first
        old = (e.old_sha or "(new)")[:8]
        kept = f"  previous version: {e.path(store_dir)}" if e.file else ""
        lines.append(f"{e.seen_at}  {e.source_id.ljust(width)}  {old} -> {e.new_sha[:8]}{kept}")
    return "\n".join(lines) + "\n"
