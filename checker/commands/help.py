"""`checker help [TOPIC|COMMAND]`: the environment variables, the exit codes, or a command's help."""
from __future__ import annotations

import argparse
import sys

ENVIRONMENT: tuple[tuple[str, str], ...] = (
    ("CHECKER_BASE_URL", "origin replacing https://openrouter.ai for every fetch (--base-url)"),
    ("CHECKER_SNAPSHOTS", "snapshot directory (--snapshots; default ./snapshots)"),
    ("CHECKER_RULES", "rules directory holding <target>/target.yaml (--rules)"),
    ("CHECKER_SPEC", "spec for validate, record and the pytest plugin (--spec)"),
    ("CHECKER_TIMEOUT", "per-request timeout in seconds (--timeout; default 15)"),
    ("CHECKER_FAIL_ON", "lowest severity that fails the run (--fail-on; default error)"),
    ("CHECKER_NOTIFY_URL", "webhook `checker watch` posts new drift to (--notify)"),
    ("CHECKER_CACHE_DIR", "cache of parsed rule and target files, rule findings and spec diffs (default "
                          "$XDG_CACHE_HOME/checker or ~/.cache/checker); set empty: no cache"),
    ("XDG_CACHE_HOME", "base of the default cache directory"),
    ("OPENROUTER_API_KEY", "optional: sent (Bearer) only when fetching the model catalog from https://openrouter.ai "
                           "or --base-url; never stored or logged"),
    ("OPENROUTER_ALLOWED_REMOTE_ASSET_HOSTS", "comma-separated hosts of public image/file URLs a client may send "
                                              "(others: remote-asset-url; private files go as data: URLs)"),
    ("HTTPS_PROXY, HTTP_PROXY, ALL_PROXY", "a proxy for fetches (httpx reads them, any case); with one set every "
                                           "request goes through httpx"),
    ("SSL_CERT_FILE, SSL_CERT_DIR", "CA certificates to verify https with instead of certifi's bundle"),
    ("NO_COLOR", "set: no colour (https://no-color.org); --color overrides"),
    ("FORCE_COLOR", "set and not 0: colour even when not a terminal; --color overrides"),
    ("CLICOLOR_FORCE", "set and not 0: as FORCE_COLOR"),
    ("TERM", "dumb: no colour, no progress line"),
    ("COLUMNS", "the width the console report wraps at (default: the terminal's, else 100)"),
    ("GITHUB_STEP_SUMMARY", "set by GitHub Actions: --format github also writes the job summary there"),
    ("OPENROUTER_BASE_URL, OPENAI_BASE_URL, OPENROUTER_API_BASE",
     "set by `checker record` for the client it runs: the stub's URL"),
)
EXIT_CODES = """\
0    nothing at or above --fail-on (default error; --strict means warning)
1    findings at or above --fail-on (record: or the recorded command failed)
2    the run could not do its job: bad arguments or config, unreadable input, the spec unreachable
     with no snapshot; one line says what to do
130  interrupted (Ctrl-C)
"""
TOPICS = {"environment": "the environment variables checker reads", "exit-codes": "what each exit code means"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("topic", nargs="?", metavar="TOPIC",
                        help=f"{' | '.join(TOPICS)} | a command name (default: the overview)")


def run(args: argparse.Namespace) -> int:
    from checker.errors import ConfigError

    from checker.commands.options import subcommands

    parser: argparse.ArgumentParser = args._parser
    commands = subcommands(parser)
    if args.topic is None:
        parser.print_help()
    elif args.topic == "environment":
        width = max(len(name) for name, _ in ENVIRONMENT if len(name) < 40)
        sys.stdout.write("".join(f"{name.ljust(width)}  {text}\n" if len(name) <= width else f"{name}\n"
                                 f"{'':{width}}  {text}\n" for name, text in ENVIRONMENT))
    elif args.topic == "exit-codes":
        sys.stdout.write(EXIT_CODES)
    elif args.topic in commands:
        commands[args.topic].print_help()
    else:
        raise ConfigError(f"no help topic '{args.topic}'", f"topics: {', '.join(TOPICS)}, or a command name")
    return 0
