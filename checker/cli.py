"""Command line: parse args -> settings -> options -> run -> int exit code.

Each subcommand lives in checker/commands/<name>.py with `add_arguments(parser)` and
`run(args) -> Report | int`; the options several commands share are defined once in
checker/commands/options.py. CheckerError is caught here, once, and becomes exit code 2.

Start-up is part of the product (`checker --version` and `--help` answer in tens of ms): this
module imports nothing heavy at the top, not even argparse (a fast replay, checker.commands.replay,
parses no command line); the chosen command's module, settings, reporters and errors are imported
when they are needed (tests/unit/test_import_budget.py keeps it so).
"""
from __future__ import annotations

import sys
from collections.abc import Collection, Sequence  # not typing: already imported by the interpreter, typing is not
from functools import cache

from checker import __version__

TYPE_CHECKING = False  # typing's, without importing typing
if TYPE_CHECKING:
    import argparse

COMMANDS: dict[str, str] = {
    "check": "compare the live docs and spec with the stored snapshot and evaluate the rules (default)",
    "snapshot": "record or refresh the baseline snapshot",
    "diff": "semantic diff of two OpenAPI specs (files or URLs)",
    "validate": "validate request payloads or captured traffic against the spec",
    "record": "run a client against a loopback stub of the API and validate what it sent",
    "watch": "run checks on a schedule (cron) and notify about new drift",
    "history": "show when a source changed, from the stored history",
    "models": "list the models of the catalog snapshot that could serve a request (--free, --input image, ...)",
    "profile": "show what the integration is known to use (rules, learned captures, --code) and where from",
    "examples": "list the request examples on the docs pages and whether the spec accepts each",
    "explain": "explain a finding code (what it means, what to do), or list them all",
    "config": "print the effective configuration and where each value came from",
    "help": "help on a command or topic: checker help environment | exit-codes | COMMAND",
}
DEFAULT_COMMAND = "check"

EPILOG = """\
exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 the run could not do its job;
            130 interrupted (Ctrl-C).
examples:
  checker --quick                          fast local check of the spec and the pages rules use
  checker snapshot                         record the baseline in snapshots/<target>/
  checker check -o drift.sarif -f console  SARIF to a file (format from the extension), text to the terminal
  checker diff old.json new.json --fail-on warning
  checker help environment                 the environment variables checker reads
"""


@cache
def _parser_class() -> type:
    """argparse's parser, whose bad arguments are one line (plus a hint), like every other exit-2
    error, not a usage dump; made when a command line is parsed, with argparse imported then."""
    import argparse

    class Parser(argparse.ArgumentParser):
        def error(self, message: str) -> "NoReturn":  # noqa: F821 - typing not imported at start-up
            from checker.errors import ConfigError

            raise ConfigError(message, f"see `{self.prog} --help`")

    return Parser


def build_parser(only: Collection[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `only`, every other command is a bare entry (name and help line)
    whose module is not imported: the top-level --help lists them all the same. A run of one command
    (`only` names it, and not `help`) has no other entries at all: each costs an ArgumentParser."""
    import argparse
    import importlib

    listed = only is None or "help" in only or not set(only) & COMMANDS.keys()

    parser = _parser_class()(
        prog="checker",
        description="Documentation-drift monitor and compliance checker for OpenRouter integrations.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"checker {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        if only is not None and name not in only:
            if listed:
                sub.add_parser(name, help=help_text, add_help=False)
            continue
        from checker.commands.options import common_parent

        module = importlib.import_module(f"checker.commands.{name}")
        cmd = sub.add_parser(name, help=help_text, description=help_text, epilog=EPILOG,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
        for add_shared in (common_parent, *getattr(module, "PARENTS", ())):
            add_shared(cmd)
        module.add_arguments(cmd)
        cmd.set_defaults(_module=module)
    return parser


def _with_default_command(argv: list[str]) -> list[str]:
    """`checker --quick` is `checker check --quick`; a word that is no command is an error, not check's."""
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        import difflib

        from checker.errors import ConfigError

        close = difflib.get_close_matches(argv[0], list(COMMANDS), n=1)
        hint = f"did you mean `checker {close[0]}`?" if close else f"commands: {', '.join(COMMANDS)}"
        raise ConfigError(f"unknown command '{argv[0]}'", hint)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        return [DEFAULT_COMMAND, *argv]
    return argv


def _needed(words: list[str]) -> set[str]:
    """The commands this run parses (for `-h` or `--version`: none); `help COMMAND` prints COMMAND's help."""
    return set(words[:2]) if words[0] == "help" else {words[0]}


def parse(parser: argparse.ArgumentParser, raw: list[str]) -> argparse.Namespace:
    """parse_args, with a close match suggested for an unknown option; settings and report pairs resolved."""
    args, extras = parser.parse_known_args(raw)  # --help and --version exit here, before the imports below
    from checker.commands.formats import normalise_reports
    from checker.commands.options import subcommands, use_color
    from checker.commands.settings import find_config, resolve_settings
    from checker.errors import ConfigError

    if extras:
        import difflib

        unknown = next((x for x in extras if x.startswith("-")), extras[0])
        options = list(subcommands(parser)[args.command]._option_string_actions)
        close = difflib.get_close_matches(unknown.split("=")[0], options, n=1)
        hint = f"did you mean {close[0]}?" if close else f"see `checker {args.command} --help`"
        what = "option" if unknown.startswith("-") else "argument"
        raise ConfigError(f"unknown {what} '{unknown}' for `checker {args.command}`", hint)
    args._parser = parser
    resolve_settings(args, find_config())
    if hasattr(args, "_configured_formats"):
        from checker.report import REPORTERS

        normalise_reports(args, set(REPORTERS), args._configured_formats)
        from pathlib import Path

        for out in getattr(args, "output", None) or []:
            if out != "-" and Path(out).is_dir():
                raise ConfigError(f"--output {out} is a directory", "name a file, e.g. report.json")
    args.use_color = use_color(args.color, sys.stdout)  # what the reporters on stdout should do
    if args.verbose and not args.quiet:
        _announce(args)
    return args


def _announce(args: argparse.Namespace) -> None:
    """-v: what this run uses, on stderr; -vv: each HTTP request too (httpx's log)."""
    import logging

    from checker.sources.target import bundled_rules_dir, rules_root

    said = [f"config {args._config_path or 'none'}"]
    if hasattr(args, "target"):
        said.append(f"target {args.target}")
    if hasattr(args, "rules"):
        root = rules_root(args.rules)
        said.append(f"rules {root}" + (" (bundled)" if root == bundled_rules_dir() else ""))
    if hasattr(args, "snapshots"):
        said.append(f"snapshots {args.snapshots}")
    print(f"checker: {'; '.join(said)}", file=sys.stderr)
    if args.verbose > 1:
        logging.basicConfig(level=logging.INFO, format="checker: %(name)s: %(message)s")
        logging.getLogger("httpx").setLevel(logging.INFO)



def main(argv: Sequence[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in raw
    try:
        words = _with_default_command(raw)
        probe = None
        if words[0] == DEFAULT_COMMAND:  # the last run's text, when nothing it depends on changed
            from checker.commands.replay import attempt

            code, probe = attempt(words)
            if code is not None:
                return code
        args = parse(build_parser(only=_needed(words)), words)
        args._words, args._probe = words, probe
        result = args._module.run(args)
        if isinstance(result, int):
            return result
        from checker.commands.options import exit_code
        from checker.commands.output import emit

        emit(result, args)
        return exit_code(result, args)
    except KeyboardInterrupt:
        print("checker: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - every failure is one line and exit 2 (tracebacks with --debug)
        if debug:
            raise
        return _failed(exc)


def _failed(exc: Exception) -> int:
    from checker.errors import CheckerError
    from checker.redact import redact_text

    if isinstance(exc, CheckerError):
        print(f"checker: error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(f"checker: hint: {exc.hint}", file=sys.stderr)
        return exc.exit_code
    if isinstance(exc, OSError):  # a file or directory the user named: say which, in one line
        named = exc.filename2 or exc.filename  # a rename names the temporary file first
        where = f"{named}: " if named else ""
        print(redact_text(f"checker: error: {where}{exc.strerror or exc}"), file=sys.stderr)
        return 2
    detail = redact_text(" ".join(str(exc).split()))[:300]  # last resort: one line, not a traceback
    print(f"checker: internal error: {type(exc).__name__}: {detail} (run with --debug for details)",
          file=sys.stderr)
    return 2
