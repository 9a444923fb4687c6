"""Every command-line option shared by several commands, defined once: each `*_parent(parser)` adds
its options to a command's parser (a command module lists the ones it takes in PARENTS). Not argparse
parent parsers: each of those is one more ArgumentParser to build, ~2% of a replayed run.

Settings a team sets once (SETTINGS) have no argparse default: `resolve_settings` fills them from
the flag, else the environment, else the config file, else the built-in default, and records in
`args._sources` where each value came from (`checker config` prints it).
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from msgspec import Struct

from checker import __version__
from checker.models import Severity

DEFAULT_TIMEOUT = 15.0


class Setting(Struct, frozen=True):
    dest: str
    default: Any
    env: str | None = None
    kind: str = "str"  # str | path | float | list
    help: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting("target", "openrouter", help="target name under the rules directory"),
    Setting("rules", None, "CHECKER_RULES", "path",
            "rules directory: <target>/target.yaml and rule files (default: ./rules when it holds a "
            "target, else the rules bundled with checker)"),
    Setting("snapshots", Path("snapshots"), "CHECKER_SNAPSHOTS", "path", "snapshot directory"),
    Setting("base_url", None, "CHECKER_BASE_URL", help="origin replacing https://openrouter.ai for every fetch"),
    Setting("timeout", DEFAULT_TIMEOUT, "CHECKER_TIMEOUT", "float", "per-request timeout in seconds"),
    Setting("fail_on", None, "CHECKER_FAIL_ON", help="lowest severity that makes the exit code 1 (default error)"),
    Setting("format", [], None, "list", "reports to write when no --format/--output is given, e.g. "
            '["console", "sarif=drift.sarif"]'),
    Setting("spec", None, "CHECKER_SPEC", help="OpenAPI spec for validate/record (file or URL)"),
    Setting("notify", None, "CHECKER_NOTIFY_URL", help="webhook for `checker watch`"),
)
BY_DEST = {s.dest: s for s in SETTINGS}


def common_parent(parser: argparse.ArgumentParser) -> None:
    """Options of every command: --version, --debug, -q, -v, --color."""
    group = parser.add_argument_group("general")
    group.add_argument("--version", action="version", version=f"checker {__version__}")
    group.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    group.add_argument("-q", "--quiet", action="count", default=0, help="less output: no progress line")
    group.add_argument("-v", "--verbose", action="count", default=0,
                       help="say on stderr which config, target, rules and snapshots are used; -vv also logs "
                            "each HTTP request")
    group.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="colour in terminal output (auto: a TTY without NO_COLOR; FORCE_COLOR, "
                            "CLICOLOR_FORCE force it)")


class _Sequence(argparse.Action):
    """Keeps -f/-o in the order given (pairing needs it) as ('format'|'output', value) items."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        items = list(getattr(namespace, "_report_items", None) or [])
        items.append((self.dest, values))
        namespace._report_items = items
        setattr(namespace, self.dest, [v for kind, v in items if kind == self.dest])


def report_parent(parser: argparse.ArgumentParser) -> None:
    """-f/--format, -o/--output, --fail-on, --strict: every command that reports."""
    group = parser.add_argument_group("reporting")
    group.add_argument("-f", "--format", action=_Sequence, default=None, metavar="FMT[=FILE]",
                       help="report format (console, json, sarif, junit, github, markdown, html); "
                            "FMT=FILE writes it to FILE; repeatable")
    group.add_argument("-o", "--output", action=_Sequence, default=None, metavar="FILE",
                       help="write a report to FILE, its format from the extension (.sarif, .json, "
                            ".xml junit, .md, .html) or from the --format just before it; repeatable")
    group.add_argument("--fail-on", choices=[s.value for s in Severity], default=None,
                       help="lowest severity that makes the exit code 1 (default: error)")
    group.add_argument("--strict", action="store_true", help="same as --fail-on warning")
    group.add_argument("--all", action="store_true",
                       help="print every finding in full (default: the integration's findings in full, "
                            "other drift one line per operation or page)")
    group.add_argument("--min-severity", choices=[s.value for s in Severity], default=None,
                       help="print only findings at or above this severity, each in full")
    group.add_argument("--only", action="append", default=None, metavar="KIND",
                       choices=("spec", "page", "rule", "client", "fetch", "spec-validity"),
                       help="print only findings of this kind (spec, page, rule, client, fetch, spec-validity); "
                            "repeatable")


def profile_parent(parser: argparse.ArgumentParser) -> None:
    """--code DIR: where the repository's source names what a finding is about."""
    parser.add_argument("--code", type=Path, default=None, metavar="DIR",
                        help="scan the repository's tracked text files (respecting .gitignore) for the "
                             "identifiers findings are about, and attach file:line")


def target_parent(parser: argparse.ArgumentParser) -> None:
    """--target and --rules: which target definition, rules and suppressions apply."""
    group = parser.add_argument_group("target")
    add_setting(group, "--target", "target", metavar="NAME")
    add_setting(group, "--rules", "rules", metavar="DIR")


def fetch_parent(parser: argparse.ArgumentParser) -> None:
    """--base-url and --timeout: how the tool reaches OpenRouter."""
    group = parser.add_argument_group("network")
    add_setting(group, "--base-url", "base_url", metavar="URL")
    add_setting(group, "--timeout", "timeout", metavar="S")


def snapshots_parent(parser: argparse.ArgumentParser) -> None:
    add_setting(parser, "--snapshots", "snapshots", metavar="DIR")


def add_setting(group: Any, flag: str, dest: str, **kwargs: Any) -> None:
    s = BY_DEST[dest]
    kind = {"path": Path, "float": float}.get(s.kind, str)
    env = f"; also {s.env}" if s.env else ""
    default = "" if s.default in (None, []) else f" (default: {s.default})"
    group.add_argument(flag, dest=dest, type=kind, default=None, help=f"{s.help}{default}{env}", **kwargs)


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The command parsers of the top-level parser, by name."""
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def threshold(args: argparse.Namespace) -> Severity:
    if getattr(args, "fail_on", None):
        return Severity(args.fail_on)
    return Severity.WARNING if getattr(args, "strict", False) else Severity.ERROR


ACCEPTED = ("changed", "moved", "new")  # statuses whose content --update-snapshots records


def accepted_sources(report: Any) -> list[str]:
    return [s.id for s in report.sources if s.status in ACCEPTED]


def exit_code(report: Any, args: argparse.Namespace) -> int:
    """1 when a finding is at or above the threshold; with --update-snapshots the spec and page drift
    of the sources just recorded as the new baseline is accepted, so it does not count."""
    findings = report.findings
    if getattr(args, "update_snapshots", False):
        accepted = set(accepted_sources(report))
        findings = [f for f in findings if not (f.kind in ("spec", "page") and f.location.source in accepted)]
    level = threshold(args)
    return 1 if any(f.severity.at_least(level) for f in findings) else 0


def use_color(choice: str, stream: Any, environ: Any = None) -> bool:
    """--color always|never wins; then FORCE_COLOR / CLICOLOR_FORCE (set, not 0) force it on, NO_COLOR
    (set, non-empty) and TERM=dumb turn it off; otherwise colour only on a terminal."""
    import os

    env = os.environ if environ is None else environ
    if choice in ("always", "never"):
        return choice == "always"
    if any(env.get(name, "") not in ("", "0") for name in ("FORCE_COLOR", "CLICOLOR_FORCE")):
        return True
    if env.get("NO_COLOR") or env.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def add_listing_output(parser: argparse.ArgumentParser, output_flag: str = "--output") -> None:
    """--format console|json and a file for commands that print a listing, not a Report.

    Own dests (listing_format, listing_output): the report options' pairing and checks apply to
    Report formats only."""
    parser.add_argument("--format", dest="listing_format", choices=("console", "json"), default="console",
                        help="output format (default: console)")
    parser.add_argument(output_flag, dest="listing_output", default="-", metavar="PATH",
                        help="file to write ('-' for stdout)")
