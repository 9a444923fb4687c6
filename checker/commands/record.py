"""`checker record -- COMMAND`: run a client against a loopback stub of the API, validate what it sent."""
from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timezone

from checker.commands.validate import PARENTS, add_spec_arguments, build_validator, spec_source
from checker.models import Report

__all__ = ["PARENTS", "add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=0, metavar="P",
                        help="port of the stub on 127.0.0.1 (default: any free port)")
    parser.add_argument("--captures-out", default=None, metavar="FILE.jsonl",
                        help="also write what the client sent as a capture file (secrets redacted)")
    parser.add_argument("--fault", action="append", default=[], metavar="KIND@N",
                        help="break the Nth request: KIND is an HTTP status (429 and 503 send Retry-After: 1) or "
                             "mid-stream-error (a stream cut by an error event); repeatable. The findings say "
                             "whether the client retried and waited")
    parser.add_argument("--command-timeout", type=float, default=None, metavar="S",
                        help="stop waiting for COMMAND after S seconds")
    parser.add_argument("--learn", action="store_true",
                        help="store what the client sent (operations, fields, enum values, header names, models; "
                             "no secrets) as the integration profile later checks classify by")
    add_spec_arguments(parser)
    parser.add_argument("client", nargs=argparse.REMAINDER, metavar="-- COMMAND",
                        help="the client to run; it finds the stub in OPENROUTER_BASE_URL, OPENAI_BASE_URL "
                             "and OPENROUTER_API_BASE")


def run(args: argparse.Namespace) -> int:
    from checker.commands.options import exit_code
    from checker.commands.output import emit
    from checker.comply import write_captures
    from checker.profile import learn
    from checker.record.faults import parse_fault
    from checker.record.run import record_client

    started, t0 = datetime.now(timezone.utc), time.perf_counter()
    command = list(args.client)
    if command and command[0] == "--":
        command = command[1:]
    faults = [parse_fault(text) for text in args.fault]
    validator, where, catalog_notes = build_validator(args)
    recording = record_client(command, validator.spec, port=args.port, timeout=args.command_timeout,
                              faults=faults, models=_models(validator))
    code, requests, base_url = recording.code, recording.requests, recording.base_url
    if args.captures_out:
        write_captures(requests, args.captures_out)
    findings = validator.validate_all(requests) + recording.fault_findings
    notes = [f"recorded {len(requests)} request(s) from `{' '.join(command)[:80]}` via {base_url}; "
             f"it exited with {code}", *catalog_notes]
    if args.learn and requests:  # what the client sent is what a later `check` should call relevant
        notes.append(f"learned the integration profile: {learn(requests, validator.spec, args.snapshots, args.target)}")
    report = Report(mode="record", started_at=started, target=args.target, sources=[spec_source(validator, where)],
                    findings=findings, notes=notes, duration_ms=int((time.perf_counter() - t0) * 1000))
    emit(report, args)
    if code != 0:
        print(f"checker: the recorded command exited with {code}", file=sys.stderr)
    command_code = code if code > 0 else (1 if code < 0 else 0)
    return max(command_code, exit_code(report, args))


def _models(validator) -> list | None:
    """The catalog the validator checks against, as the stub's GET /models answer."""
    from checker.sources.catalog import model_object

    if validator.catalog is None:
        return None
    unique = {r["id"]: r for r in validator.catalog.models.values()}
    return [model_object(unique[k]) for k in sorted(unique)]
