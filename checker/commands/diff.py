"""`checker diff OLD NEW`: semantic, client-classified diff of two OpenAPI documents."""
from __future__ import annotations

import argparse
import json
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Iterable

from checker.commands import options
from checker.models import Finding, Report, SourceResult

if TYPE_CHECKING:
    from checker.api.document import SpecFile

PARENTS = (options.target_parent, options.fetch_parent, options.snapshots_parent, options.report_parent,
           options.profile_parent)
NAMESPACE = "spec-diff"  # the user cache's folder of a pair's findings
CODE = ("diff", "api", "profile/group.py", "urls.py", "models.py", "redact.py", "codes.py")  # what computes them


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="the earlier spec: file (.json, .yaml, .json.gz) or URL")
    parser.add_argument("new", metavar="NEW", help="the later spec: file or URL")
    parser.add_argument("--validate", action="store_true",
                        help="also run openapi-spec-validator on NEW (slow on large specs; cached by hash)")
    parser.add_argument("--profile", action="store_true",
                        help="classify by what the integration uses (its rules, the learned profile, --code) "
                             "instead of by breakage alone; implied by --code")


def run(args: argparse.Namespace) -> Report:
    from checker.api.document import collector_paused

    with collector_paused():  # else each young-generation pass after a parse walks the whole spec (~15 ms)
        return _run(args)


def _run(args: argparse.Namespace) -> Report:
    from datetime import date

    from checker.api.document import open_spec
    from checker.errors import CheckerError
    from checker.rules.suppress import apply_suppressions, load_suppressions
    from checker.sources.target import load_target, rules_root

    started, t0 = datetime.now(timezone.utc), time.perf_counter()
    target = load_target(args.target, args.rules)
    base_url, timeout = args.base_url, args.timeout
    specs = [open_spec(args.old, base_url=base_url, timeout=timeout)]
    try:  # parsed when needed; a spec that does not parse is still the first error reported
        specs.append(open_spec(args.new, base_url=base_url, timeout=timeout))
        suppressions = load_suppressions(rules_root(args.rules), args.target)
    except CheckerError:
        for spec in specs:
            spec.spec  # noqa: B018 - raises its parse error
        raise
    old, new = specs
    per_operation = bool(suppressions or args.profile or args.code)  # each copy judged, then folded
    if args.validate:
        from checker.api.validity import check_validity
        from checker.diff.spec import diff_specs

        findings = diff_specs(old.spec, new.spec, open_enums=target.open_enums, fold_shared=not per_operation)
        findings += check_validity(new.spec, cache_dir=None)
    else:
        findings = spec_findings(old, new, target.open_enums, fold_shared=not per_operation)
    if suppressions:
        findings = apply_suppressions(findings, suppressions, date.today())
    if args.profile or args.code:
        findings = _relevance(findings, args)
    if per_operation:
        from checker.profile.group import group_shared

        findings = group_shared(findings)  # a shared component change: one finding
    findings.sort(key=lambda f: (-f.severity.rank, f.official_url, f.code, f.fingerprint))
    old_sha, new_sha = old.sha256(), new.sha256()
    sources = [
        SourceResult(id="old", url=args.old, status="unchanged", sha256=old_sha),
        SourceResult(id="new", url=args.new, status="unchanged" if new_sha == old_sha else "changed", sha256=new_sha),
    ]
    return Report(mode="diff", started_at=started, target=args.target, sources=sources, findings=findings,
                  duration_ms=int((time.perf_counter() - t0) * 1000))


def spec_findings(old: SpecFile, new: SpecFile, open_enums: Iterable[str], *, fold_shared: bool) -> list[Finding]:
    """The diff of the two specs and NEW's malformed nodes, remembered by both specs' bytes (and
    the code computing them): diffing the same pair again parses neither spec."""
    from checker.store.parsed import cached, code_stamp, content_key

    enums = list(open_enums)
    key = content_key([NAMESPACE, old.key, new.key, json.dumps([enums, fold_shared]), *code_stamp(CODE)])
    return cached(NAMESPACE, key, lambda: _spec_findings(old, new, enums, fold_shared),
                  encode=lambda found: [f.to_dict() for f in found],
                  decode=lambda value: [Finding.from_dict(data) for data in value])


def _spec_findings(old: SpecFile, new: SpecFile, open_enums: list[str], fold_shared: bool) -> list[Finding]:
    from checker.api.validity import structural_findings
    from checker.diff.spec import diff_specs

    found = diff_specs(old.spec, new.spec, open_enums=open_enums, fold_shared=fold_shared)
    return found + structural_findings(new.spec, key=new.key)


def _relevance(findings: list, args: argparse.Namespace) -> list:
    from checker.profile import build_profile, relevance_stage

    profile = build_profile(args.target, rules_dir=args.rules, snapshots=args.snapshots, code=args.code)
    return relevance_stage(findings, profile, code=args.code)
