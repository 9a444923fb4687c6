"""`checker snapshot`: record or refresh the baseline of every source of the target."""
from __future__ import annotations

import argparse

from checker.commands.check import PARENTS, run_with_progress
from checker.models import Report

__all__ = ["PARENTS", "add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Only the shared options (PARENTS)."""


def run(args: argparse.Namespace) -> Report:
    report = run_with_progress(args, quick=False, update_snapshots=True, mode="snapshot")
    # Recording accepts any drift; only what could not be recorded is worth a finding here.
    report.findings = [f for f in report.findings if f.kind in ("fetch", "spec-validity")]
    changed = sum(1 for s in report.sources if s.status in ("changed", "moved"))
    saved = sum(1 for s in report.sources if s.status not in ("error", "gone"))
    if changed:
        report.notes.append(f"{changed} source(s) differed from the previous baseline and were accepted")
    report.notes.append(f"baseline recorded in {args.snapshots / args.target}: {saved}/{len(report.sources)} sources")
    return report
