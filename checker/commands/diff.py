"""`checker diff OLD NEW`: semantic, client-classified diff of two OpenAPI documents."""
from __future__ import annotations

import argparse
import time
from datetime import datetime, timezone

from checker.commands import options
from checker.models import Report, SourceResult

PARENTS = (options.target_parent, options.fetch_parent, options.snapshots_parent, options.report_parent,
           options.profile_parent)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="the earlier spec: file (.json, .yaml, .json.gz) or URL")
    parser.add_argument("new", metavar="NEW", help="the later spec: file or URL")
    parser.add_argument("--validate", action="store_true",
                        help="also run openapi-spec-validator on NEW (slow on large specs; cached by hash)")
    parser.add_argument("--profile", action="store_true",
                        help="classify by what the integration uses (its rules, the learned profile, --code) "
                             "instead of by breakage alone; implied by --code")


def run(args: argparse.Namespace) -> Report:
    from datetime import date

    from checker.diff.spec import diff_specs
    from checker.profile.group import group_shared
    from checker.api.document import cached_sha256, read_spec_keyed
    from checker.rules.suppress import apply_suppressions, load_suppressions
    from checker.sources.target import load_target, rules_root

    started, t0 = datetime.now(timezone.utc), time.perf_counter()
    target = load_target(args.target, args.rules)
    base_url, timeout = args.base_url, args.timeout
    old, old_key = read_spec_keyed(args.old, base_url=base_url, timeout=timeout)
    new, new_key = read_spec_keyed(args.new, base_url=base_url, timeout=timeout)
    suppressions = load_suppressions(rules_root(args.rules), args.target)
    per_operation = bool(suppressions or args.profile or args.code)  # each copy judged, then folded
    findings = diff_specs(old, new, open_enums=target.open_enums, fold_shared=not per_operation)
    from checker.api.validity import check_validity, structural_findings

    findings += check_validity(new, cache_dir=None) if args.validate else structural_findings(new, key=new_key)
    if suppressions:
        findings = apply_suppressions(findings, suppressions, date.today())
    if args.profile or args.code:
        findings = _relevance(findings, args)
    if per_operation:
        findings = group_shared(findings)  # a shared component change: one finding
    findings.sort(key=lambda f: (-f.severity.rank, f.official_url, f.code, f.fingerprint))
    old_sha, new_sha = cached_sha256(old, old_key), cached_sha256(new, new_key)
    sources = [
        SourceResult(id="old", url=args.old, status="unchanged", sha256=old_sha),
        SourceResult(id="new", url=args.new, status="unchanged" if new_sha == old_sha else "changed", sha256=new_sha),
    ]
    return Report(mode="diff", started_at=started, target=args.target, sources=sources, findings=findings,
                  duration_ms=int((time.perf_counter() - t0) * 1000))


def _relevance(findings: list, args: argparse.Namespace) -> list:
    from checker.profile import build_profile, relevance_stage

    profile = build_profile(args.target, rules_dir=args.rules, snapshots=args.snapshots, code=args.code)
    return relevance_stage(findings, profile, code=args.code)
