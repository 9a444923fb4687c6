"""`checker config`: the effective value of every setting and where it came from."""
from __future__ import annotations

import argparse
import json
import sys

from checker.commands import options

PARENTS = (options.target_parent, options.fetch_parent, options.snapshots_parent, options.report_parent)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_setting(parser, "--spec", "spec", metavar="FILE|URL")
    options.add_setting(parser, "--notify", "notify", metavar="URL")
    parser.add_argument("--json", action="store_true", help="print the settings as JSON")


def run(args: argparse.Namespace) -> int:
    rows = []
    for s in options.SETTINGS:
        value = _reports(args) if s.dest == "format" else getattr(args, s.dest)
        source = args._sources[s.dest]
        if s.dest == "rules" and value is None:
            value, source = _rules_in_use()
        rows.append((s.dest.replace("_", "-"), value, source))
    if args.json:
        data = {"config_file": str(args._config_path) if args._config_path else None,
                "settings": {k: {"value": _plain(v), "from": src} for k, v, src in rows}}
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return 0
    where = args._config_path or "none found (checker.toml, or [tool.checker] in pyproject.toml)"
    lines = [f"config file: {where}"]
    width = max(len(k) for k, _, _ in rows)
    for key, value, src in rows:
        shown = "(not set)" if value in (None, []) else _plain(value)
        lines.append(f"  {key.ljust(width)}  {shown}  [{src}]")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _rules_in_use() -> tuple[str, str]:
    from checker.sources.target import bundled_rules_dir, rules_root

    root = rules_root(None)
    return str(root), "bundled with checker" if root == bundled_rules_dir() else "this directory's rules/"


def _reports(args: argparse.Namespace) -> list[str]:
    """The report pairs as FMT=FILE (FMT alone for stdout), after pairing."""
    files = [f"{fmt}={out}" for fmt, out in zip(args.format, args.output)]
    return files + list(args.format[len(args.output):])


def _plain(value: object) -> object:
    if isinstance(value, list):
        return [str(v) for v in value]
    return value if value is None or isinstance(value, (int, float)) else str(value)
