"""`checker examples`: the request examples on the docs pages, each validated against the spec."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from checker.commands import options

PARENTS = (options.target_parent, options.fetch_parent, options.snapshots_parent)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--page", action="append", default=[], metavar="ID",
                        help="only this page (its id, e.g. guides/features/tool-calling); repeatable")
    parser.add_argument("--pages", type=Path, default=None, metavar="DIR",
                        help="read .mdx/.md page sources from DIR (default: the stored snapshot's pages)")
    options.add_setting(parser, "--spec", "spec", metavar="FILE|URL")
    options.add_listing_output(parser)


def run(args: argparse.Namespace) -> int:
    from checker.comply.specsource import resolve_spec
    from checker.comply.validator import Validator
    from checker.docs.examples import extract
    from checker.docs.pages import pages_from_dir, pages_from_store, select
    from checker.docs.verdicts import judge
    from checker.commands.output import write_text

    pages = pages_from_dir(args.pages) if args.pages else pages_from_store(args.target, args.rules, args.snapshots)
    pages = select(pages, args.page)
    spec, _ = resolve_spec(args.spec, snapshots=args.snapshots, base_url=args.base_url, timeout=args.timeout,
                           target=args.target, rules=args.rules)
    validator = Validator(spec)
    verdicts = {page_id: judge(extract(page_id, page), validator) for page_id, page in pages.items()}
    text = _json(verdicts) if args.listing_format == "json" else listing(verdicts)
    write_text(text, args.listing_output)
    return 0


def listing(verdicts: dict) -> str:
    from checker.docs.verdicts import findings

    lines = []
    for page_id, page_verdicts in verdicts.items():
        valid = sum(v.label == "valid" for v in page_verdicts)
        lines.append(f"{page_id}: {len(page_verdicts)} example(s), {valid} valid")
        for v in page_verdicts:
            e = v.example
            lines.append(f"  {v.label:7} {e.style:6} {e.method} {e.url}  #{e.section.anchor}")
            lines.extend(f"          {f.code}: {f.message}" for f in findings([v]))
            lines.extend(f"          not in the spec: {name}" for name in v.unspecced)
    return "\n".join(lines) + "\n" if lines else "no pages\n"


def _json(verdicts: dict) -> str:
    from checker.docs.verdicts import findings

    data = {"pages": [{"page": page_id, "examples": [
        {"section": v.example.section.heading, "anchor": v.example.section.anchor, "style": v.example.style,
         "method": v.example.method, "url": v.example.url, "verdict": v.label,
         "unspecced": list(v.unspecced),
         "findings": [f.to_dict() for f in findings([v])]} for v in page_verdicts]}
        for page_id, page_verdicts in verdicts.items()]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
