"""`checker profile`: what the integration is known to use, and where each fact came from."""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from checker.commands import options
from checker.profile.model import KINDS, Profile, sort_key


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--target", default="openrouter", help="target name (default: openrouter)")
    parser.add_argument("--rules", type=Path, default=None, metavar="DIR",
                        help="rules directory holding <target>/ (default: the bundled rules/)")
    parser.add_argument("--snapshots", type=Path, default=Path(os.environ.get("CHECKER_SNAPSHOTS", "snapshots")),
                        metavar="DIR", help="snapshot directory holding the learned profile.json "
                                            "(written by 'checker validate ... --learn')")
    parser.add_argument("--code", type=Path, default=None, metavar="DIR",
                        help="also find where the repository's source names each fact (file:line)")
    options.add_listing_output(parser)


def run(args: argparse.Namespace) -> int:
    from checker.profile.build import build_profile
    from checker.commands.output import write_text

    profile = build_profile(args.target, rules_dir=args.rules, snapshots=args.snapshots, code=args.code)
    if args.listing_format == "json":
        text = json.dumps({"target": args.target, **profile.to_dict()}, indent=2, ensure_ascii=False) + "\n"
    else:
        text = listing(profile, args.target)
    write_text(text, args.listing_output)
    return 0


HEADINGS = {"operation": "Operations", "field": "Request fields", "response-field": "Response fields",
            "value": "Enum values", "header": "Headers", "page": "Docs pages", "section": "Docs sections",
            "model": "Models"}


def listing(profile: Profile, target: str) -> str:
    if not profile.facts:
        return (f"nothing known about the {target} integration yet: add rules, or run "
                "'checker validate --captures FILE --learn'\n")
    lines = [f"The {target} integration uses {len(profile)} known thing(s):"]
    for kind in KINDS:
        facts = sorted((f for f in profile.facts if f.kind == kind), key=sort_key)
        if not facts:
            continue
        lines.append("")
        lines.append(f"{HEADINGS[kind]} ({len(facts)})")
        for fact in facts:
            lines.append(f"  {fact.label().split(' ', 1)[1]}")
            lines.extend(f"      <- {origin.label()}" for origin in profile.facts[fact])
    return "\n".join(lines) + "\n"
