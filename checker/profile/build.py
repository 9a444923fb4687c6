"""The profile a run uses: the rules' facts, the learned client facts, and optional `--code` hits."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from checker.models import Finding
from checker.profile.catalog_relevance import group_unused, with_code_models
from checker.profile.from_rules import profile_from_rules
from checker.profile.model import Profile, load_profile, profile_path, save_profile
from checker.profile.relevance import apply_relevance

if TYPE_CHECKING:  # comply (jsonschema-rs) is imported only by the commands that read requests
    from checker.comply.request import ClientRequest


def snapshots_dir(value: str | Path | None) -> Path:
    return Path(value or os.environ.get("CHECKER_SNAPSHOTS") or "snapshots")


def build_profile(target: str, *, rules_dir: str | Path | None = None, snapshots: str | Path | None = None,
                  code: str | Path | None = None, with_rules: bool = True, rules: Any = None) -> Profile:
    """`rules`: an already loaded RuleSet (the pipeline has one); otherwise read from `rules_dir`."""
    from checker.rules.load import load_rules

    if with_rules and rules is None:
        rules = load_rules(rules_dir, target)
    profile = profile_from_rules(rules) if with_rules and rules is not None else Profile()
    learned = load_profile(profile_path(snapshots_dir(snapshots), target))
    if learned is not None:
        profile.merge(learned)
    if code is not None:
        from checker.profile.locate import add_code_origins, scan_for  # --code only: spares subprocess

        add_code_origins(profile, scan_for(code, profile))
    return profile


def relevance_stage(findings: list[Finding], profile: Profile, code: str | Path | None = None) -> list[Finding]:
    """The pipeline's one call: relevance and severity by profile, then `--code` file:line reasons.

    An empty profile (no rules, nothing learned) knows nothing to judge by: the findings keep the
    severity of their breakage, as a plain `checker diff` does."""
    if code is not None:
        profile = with_code_models(profile, findings, code)
    if not profile:
        return findings
    findings = group_unused(apply_relevance(findings, profile))
    if code is not None:
        from checker.profile.locate import add_code_reasons, scan_for

        findings = add_code_reasons(findings, profile, scan_for(code, profile, findings))
    return findings


def learn(requests: Iterable[ClientRequest], spec: dict[str, Any], snapshots: str | Path | None,
          target: str = "openrouter") -> Path:
    """Store what the client sent as the target's learned profile (replacing the previous one)."""
    from checker.profile.from_requests import profile_from_requests

    path = profile_path(snapshots_dir(snapshots), target)
    save_profile(profile_from_requests(requests, spec), path)
    return path


def after_validate(args: Any, requests: list[ClientRequest], spec: dict[str, Any],
                   findings: list[Finding]) -> tuple[list[Finding], list[str]]:
    """`validate --learn / --code`: store the client's profile; relate findings to code lines."""
    notes: list[str] = []
    if getattr(args, "learn", False):
        notes.append(f"learned the integration profile: {learn(requests, spec, args.snapshots, args.target)}")
    if getattr(args, "code", None):
        from checker.profile.from_requests import profile_from_requests

        findings = relevance_stage(findings, profile_from_requests(requests, spec), args.code)
    return findings, notes
