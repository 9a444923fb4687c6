"""`checker explain CODE | --list [--format json]`: the catalogue of finding codes."""
from __future__ import annotations

import argparse
import json
import sys
import textwrap

from checker.codes import CODES, CodeInfo, close_matches, lookup
from checker.errors import ConfigError

WIDTH = 96


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", nargs="?", metavar="CODE", help="a finding code, e.g. page-section-changed")
    parser.add_argument("--list", action="store_true", help="list every code")
    # its own dest: --format of the reporting commands is a list of reporter names
    parser.add_argument("--format", dest="explain_format", choices=("text", "json"), default="text",
                        help="text (default) or json")


def run(args: argparse.Namespace) -> int:
    if args.list == bool(args.code):
        raise ConfigError("give one finding code, or --list", "e.g. `checker explain page-section-changed`")
    as_json = args.explain_format == "json"
    if args.list:
        entries = list(CODES.values())
        text = json.dumps([e.to_dict() for e in entries], indent=2) if as_json else listing(entries)
    else:
        entry = find(args.code)
        text = json.dumps(entry.to_dict(), indent=2) if as_json else describe(entry)
    sys.stdout.write(text + "\n")
    return 0


def find(code: str) -> CodeInfo:
    entry = lookup(code.strip().lower())
    if entry is not None:
        return entry
    close = close_matches(code.strip().lower(), n=1)
    suggestion = f"; did you mean '{close[0]}'?" if close else ""
    raise ConfigError(f"unknown finding code '{code}'{suggestion}", "`checker explain --list` lists every code")


def describe(entry: CodeInfo) -> str:
    lines = [f"{entry.code} — {entry.title}", f"kind: {entry.kind} · default severity: {entry.severity.value}", ""]
    for label, text in (("What it means", entry.meaning), ("What to do", entry.remedy)):
        lines += textwrap.wrap(f"{label}: {text}", WIDTH, subsequent_indent="  ")
    lines.append(f"Docs: {entry.docs or 'each finding links the official page it is about'}")
    return "\n".join(lines)


def listing(entries: list[CodeInfo]) -> str:
    width = max(len(e.code) for e in entries)
    return "\n".join(f"{e.code.ljust(width)}  {e.kind.ljust(13)}  {e.severity.value.ljust(7)}  {e.title}"
                     for e in entries)
