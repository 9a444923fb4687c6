"""`checker models`: which models of the catalog snapshot could serve a request (filters), as a
table or JSON."""
from __future__ import annotations

import argparse
import json
from typing import Any

from checker.commands import options
from checker.errors import ConfigError

PARENTS = (options.target_parent, options.snapshots_parent)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--used", action="store_true",
                        help="only models the integration uses (learned captures/payloads, rules)")
    parser.add_argument("--free", action="store_true", help="only models whose every price is zero")
    parser.add_argument("--input", action="append", default=[], metavar="MODALITY",
                        help="only models taking this input (text, image, file, audio, video); repeatable")
    parser.add_argument("--output", dest="output_modality", action="append", default=[], metavar="MODALITY",
                        help="only models producing this output (text, image, audio); repeatable")
    parser.add_argument("--param", action="append", default=[], metavar="NAME",
                        help="only models listing this supported parameter (e.g. tools); repeatable")
    options.add_listing_output(parser, output_flag="--to")  # --output is the modality filter


def run(args: argparse.Namespace) -> int:
    from checker.comply.catalog import stored_catalog
    from checker.commands.output import write_text

    catalog, note = stored_catalog(args.snapshots, args.target, args.rules)
    if catalog is None:
        raise ConfigError(note.split(";")[0], "run `checker snapshot` to store the catalog")
    records = sorted({r["id"]: r for r in catalog.models.values()}.values(), key=lambda r: r["id"])
    used = _used_models(args) if args.used else None
    chosen = [r for r in records if _matches(r, args, used)]
    if args.listing_format == "json":
        text = json.dumps({"target": args.target, "catalog": catalog.age, "count": len(chosen), "models": chosen},
                          indent=2, ensure_ascii=False) + "\n"
    else:
        text = _table(chosen, catalog.age)
    write_text(text, args.listing_output)
    return 0


def _used_models(args: argparse.Namespace) -> set[str]:
    from checker.profile.build import build_profile
    from checker.profile.model import MODEL

    profile = build_profile(args.target, rules_dir=args.rules, snapshots=args.snapshots)
    return {f.name for f in profile.of_kind(MODEL)}


def is_free(record: dict[str, Any]) -> bool:
    from checker.sources.catalog_diff import is_free as free

    return free(record.get("pricing") or {}) is True


def _matches(record: dict[str, Any], args: argparse.Namespace, used: set[str] | None) -> bool:
    if used is not None and record["id"] not in used and record.get("canonical_slug") not in used:
        return False
    if args.free and not is_free(record):
        return False
    return (set(args.input) <= set(record.get("input_modalities") or [])
            and set(args.output_modality) <= set(record.get("output_modalities") or [])
            and set(args.param) <= set(record.get("supported_parameters") or []))


def _table(records: list[dict[str, Any]], age: str) -> str:
    if not records:
        return f"no model matches ({age})\n"
    rows = [("MODEL", "CONTEXT", "INPUT", "OUTPUT", "PROMPT $/tok", "COMPLETION $/tok")]
    for r in records:
        pricing = r.get("pricing") or {}
        rows.append((r["id"], str(r.get("context_length") or "-"), ",".join(r.get("input_modalities") or []),
                     ",".join(r.get("output_modalities") or []), pricing.get("prompt", "-"),
                     pricing.get("completion", "-")))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    return "\n".join([*lines, f"{len(records)} model(s) from the {age}"]) + "\n"
