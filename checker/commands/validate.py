"""`checker validate`: request payload files and captured traffic against the spec."""
from __future__ import annotations

import argparse
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

from checker.commands import options
from checker.errors import ConfigError
from checker.models import Report

CAPTURE_SUFFIXES = (".jsonl", ".har")
PARENTS = (options.target_parent, options.fetch_parent, options.snapshots_parent, options.report_parent)


def add_spec_arguments(parser: argparse.ArgumentParser) -> None:
    """--spec/--catalog (shared with `checker record`); the default spec is the target's snapshot."""
    group = parser.add_argument_group("spec")
    options.add_setting(group, "--spec", "spec", metavar="FILE|URL")
    catalog = group.add_mutually_exclusive_group()
    catalog.add_argument("--catalog", default=None, metavar="FILE|URL",
                         help="models list JSON (GET /models) to check model ids, parameters and modalities "
                              "(default: the target's latest catalog snapshot)")
    catalog.add_argument("--no-catalog", action="store_true", help="skip the model checks")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("payloads", nargs="*", metavar="FILE",
                        help="JSON request body files (placeholders like __MODEL__ allowed); files ending in "
                             ".jsonl or .har are read as captures, as with --captures")
    parser.add_argument("--captures", action="append", default=[], metavar="FILE",
                        help="captured requests: JSON Lines (one request per line) or HAR 1.2, read as streams; "
                             "requests to other hosts than the API's (or --base-url's) are skipped, CORS "
                             "preflights ignored; repeatable")
    parser.add_argument("--operation", default="POST /chat/completions", metavar="'METHOD PATH'",
                        help="operation the PAYLOAD files are bodies of (default: 'POST /chat/completions')")
    parser.add_argument("--learn", action="store_true",
                        help="store what the requests use (operations, fields, enum values, header names, "
                             "models; no secrets) as snapshots/openrouter/profile.json for later checks")
    parser.add_argument("--jobs", type=_jobs, default=1, metavar="N",
                        help="validate big JSON Lines captures in N processes (default: 1)")
    parser.add_argument("--code", default=None, metavar="DIR",
                        help="find where the repository's source names what each finding is about (file:line)")
    add_spec_arguments(parser)


def build_validator(args: argparse.Namespace) -> tuple["Validator", str, list[str]]:  # noqa: F821
    """The validator, where its spec came from, and notes (which catalog, or why none)."""
    from checker.comply import Validator, load_catalog
    from checker.comply.catalog import stored_catalog
    from checker.comply.specsource import resolve_spec

    base_url, timeout = args.base_url, args.timeout
    spec, where = resolve_spec(args.spec, snapshots=args.snapshots, base_url=base_url, timeout=timeout,
                               target=args.target, rules=args.rules)
    catalog, notes = None, []
    if args.catalog:
        catalog = load_catalog(args.catalog, base_url=base_url, timeout=timeout)
    elif not args.no_catalog:
        catalog, note = stored_catalog(args.snapshots, args.target, args.rules)
        notes.append(note)
    return Validator(spec, catalog=catalog, docs=_docs_knowledge(args)), where, notes


def _docs_knowledge(args: argparse.Namespace) -> Any:
    """What the stored docs pages say (deprecations, documented fields); None without stored pages."""
    from checker.docs.documented import Knowledge
    from checker.docs.pages import pages_from_store
    from checker.errors import CheckerError

    try:
        return Knowledge.from_pages(pages_from_store(args.target, args.rules, Path(args.snapshots)))
    except CheckerError:  # no snapshot of the pages yet: the spec alone is checked
        return None


def spec_source(validator: "Validator", where: str) -> "SourceResult":  # noqa: F821
    from checker.models import SourceResult

    return SourceResult(id="openapi", url=where, status="unchanged", sha256=validator.compiled.sha)


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"expected a number of processes from 1 to 64, got '{text}'")
    return int(text)


def run(args: argparse.Namespace) -> Report:
    from checker.comply.traffic import validate_jsonl, validate_stream
    from checker.profile.build import after_validate

    started, t0 = datetime.now(timezone.utc), time.perf_counter()
    if not args.payloads and not args.captures:
        raise ConfigError("nothing to validate", "pass PAYLOAD files and/or --captures FILE.jsonl|FILE.har")
    method, _, path = args.operation.strip().partition(" ")
    if not path.startswith("/"):
        raise ConfigError(f"--operation must look like 'POST /chat/completions', got '{args.operation}'")
    inputs = Inputs(args, method.upper(), "https://openrouter.ai/api/v1" + path.strip())
    validator, where, catalog_notes = build_validator(args)
    scope = inputs.scope(validator, args.base_url)
    found, count = validate_stream(validator, inputs.requests(scope, with_jsonl=False))
    for capture in inputs.jsonl:
        count += validate_jsonl(validator, capture, args.jobs, found, scope)
    findings, notes = after_validate(args, inputs.requests(inputs.scope(validator, args.base_url)),
                                     validator.spec, found.findings())
    skipped = [scope.note()] if scope.note() else []
    return Report(mode="validate", started_at=started, target=args.target, sources=[spec_source(validator, where)],
                  findings=findings, notes=[f"validated {count} request(s)", *skipped, *catalog_notes, *notes],
                  duration_ms=int((time.perf_counter() - t0) * 1000))


class Inputs:
    """The PAYLOAD files and captures of a run, read as streams (again for --learn/--code)."""

    def __init__(self, args: argparse.Namespace, method: str, url: str) -> None:
        captures = [p for p in args.payloads if p.lower().endswith(CAPTURE_SUFFIXES)] + list(args.captures)
        self.payloads = [p for p in args.payloads if not p.lower().endswith(CAPTURE_SUFFIXES)]
        self.har = [p for p in captures if p.lower().endswith(".har")]
        self.jsonl = [p for p in captures if p not in self.har]
        self.method, self.url = method, url

    @staticmethod
    def scope(validator: "Validator", base_url: str | None) -> "Scope":  # noqa: F821
        """The target API's host (servers[0] of the spec, openrouter.ai) and --base-url's."""
        from checker.comply.scope import Scope

        urls = [validator.compiled.api.server_url, "https://openrouter.ai", base_url]
        return Scope(frozenset(h for h in (_host(u) for u in urls if u) if h))

    def requests(self, scope: "Scope", with_jsonl: bool = True) -> Iterator["ClientRequest"]:  # noqa: F821
        from checker.comply.captures import iter_captures, read_payload

        for payload in self.payloads:
            yield read_payload(payload, method=self.method, url=self.url)
        for capture in self.har + (self.jsonl if with_jsonl else []):
            yield from iter_captures(capture, scope)


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.lower() if host else None
