"""Command line: parse args -> options -> build -> run -> int exit code.

Each subcommand lives in checker/commands/<name>.py with `add_arguments(parser)` and
`run(args) -> Report | int`. CheckerError is caught here, once, and becomes exit code 2.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Sequence

from checker import __version__
from checker.commands.output import emit
from checker.errors import CheckerError, ConfigError
from checker.models import Severity

COMMANDS: dict[str, str] = {
    "check": "compare the live docs and spec with the stored snapshot and evaluate the rules (default)",
    "snapshot": "record or refresh the baseline snapshot",
    "diff": "semantic diff of two OpenAPI specs (files or URLs)",
    "validate": "validate request payloads or captured traffic against the spec",
    "record": "run a client against a loopback stub of the API and validate what it sent",
    "watch": "run checks on a schedule (cron) and notify about new drift",
    "history": "show when a source changed, from the stored history",
    "profile": "show what the integration is known to use (rules, learned captures, --code) and where from",
    "explain": "explain a finding code (what it means, what to do), or list them all",
}
DEFAULT_COMMAND = "check"

EPILOG = """\
exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 the run could not do its job.
examples:
  checker --quick                          fast local check of the spec and the pages rules use
  checker snapshot                         record the baseline in snapshots/<target>/
  checker check --format sarif --output drift.sarif --format console
  checker diff old.json new.json --fail-on warning
"""


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that reports."""
    group = parser.add_argument_group("reporting")
    group.add_argument("--format", action="append", default=[], metavar="FMT",
                       help="report format (console, json, ...); repeatable, paired in order with --output")
    group.add_argument("--output", action="append", default=[], metavar="PATH",
                       help="file for the matching --format ('-' for stdout; default stdout)")
    group.add_argument("--fail-on", choices=[s.value for s in Severity], default=None,
                       help="lowest severity that makes the exit code 1 (default: error)")
    group.add_argument("--strict", action="store_true", help="same as --fail-on warning")


class _Parser(argparse.ArgumentParser):
    """Bad arguments are one line (plus a hint), like every other exit-2 error, not a usage dump."""

    def error(self, message: str) -> "NoReturn":  # noqa: F821
        raise ConfigError(message, f"see `{self.prog} --help`")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="checker",
        description="Documentation-drift monitor and compliance checker for OpenRouter integrations.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"checker {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        module = importlib.import_module(f"checker.commands.{name}")
        cmd = sub.add_parser(name, help=help_text, description=help_text, epilog=EPILOG,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
        cmd.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
        module.add_arguments(cmd)
        cmd.set_defaults(_module=module)
    return parser


def _with_default_command(argv: list[str]) -> list[str]:
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        return [DEFAULT_COMMAND, *argv]
    return argv


def threshold(args: argparse.Namespace) -> Severity:
    if getattr(args, "fail_on", None):
        return Severity(args.fail_on)
    return Severity.WARNING if getattr(args, "strict", False) else Severity.ERROR


def check_report_args(args: argparse.Namespace) -> None:
    """Refuse bad --format/--output before any work is done."""
    from checker.report import REPORTERS

    formats = list(getattr(args, "format", None) or [])
    if len(getattr(args, "output", None) or []) > max(len(formats), 1):  # no --format: console
        raise ConfigError("more --output than --format options", "pair each --output with a --format")
    for out in getattr(args, "output", None) or []:
        if out != "-" and Path(out).is_dir():
            raise ConfigError(f"--output {out} is a directory", "name a file, e.g. report.json")
    for fmt in formats:
        if fmt not in REPORTERS:
            raise ConfigError(f"unknown --format '{fmt}'", f"choose one of: {', '.join(sorted(REPORTERS))}")


def main(argv: Sequence[str] | None = None) -> int:
    raw = _with_default_command(list(sys.argv[1:] if argv is None else argv))
    debug = "--debug" in raw
    try:
        args = build_parser().parse_args(raw)
        check_report_args(args)
        result = args._module.run(args)
        if isinstance(result, int):
            return result
        emit(result, args)
        return 1 if result.fails(threshold(args)) else 0
    except CheckerError as exc:
        if debug:
            raise
        print(f"checker: error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(f"checker: hint: {exc.hint}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("checker: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # a file or directory the user named: say which, in one line
        if debug:
            raise
        from checker.redact import redact_text

        named = exc.filename2 or exc.filename  # a rename names the temporary file first
        where = f"{named}: " if named else ""
        print(redact_text(f"checker: error: {where}{exc.strerror or exc}"), file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - last resort: one line, not a traceback
        if debug:
            raise
        from checker.redact import redact_text

        detail = redact_text(" ".join(str(exc).split()))[:300]
        print(f"checker: internal error: {type(exc).__name__}: {detail} (run with --debug for details)",
              file=sys.stderr)
        return 2
