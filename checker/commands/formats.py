"""-f/--format and -o/--output pairs that cannot be mispaired.

Normalised into the paired lists `args.format` / `args.output` that `emit` reads (the i-th format
goes to the i-th output, formats without one to stdout):
- `-f FMT=FILE` writes FMT to FILE;
- `-o FILE` takes the plain `-f FMT` given just before it, else the format its extension names
  (.sarif, .json, .xml junit, .md, .html); a `-f` that contradicts a known extension is refused;
- the remaining plain `-f FMT` go to stdout (`-o -` is stdout too).
"""
from __future__ import annotations

import argparse
from pathlib import PurePath

from checker.errors import ConfigError

EXTENSIONS = {".sarif": "sarif", ".json": "json", ".xml": "junit", ".md": "markdown", ".html": "html",
              ".htm": "html"}


def format_of(path: str) -> str | None:
    suffixes = PurePath(path).suffixes
    return EXTENSIONS.get(suffixes[-1].lower()) if suffixes else None


def pair_reports(items: list[tuple[str, str]], known: set[str]) -> list[tuple[str, str]]:
    """[('format'|'output', value), ...] in command-line order -> [(format, target)]; target '-' is stdout."""
    pairs: list[list[str]] = []
    pending: list[str] | None = None  # the last plain -f, not yet given a file
    for kind, value in items:
        if kind == "format":
            fmt, sep, target = value.partition("=")
            pairs.append([fmt, target if sep else "-"])
            pending = None if sep else pairs[-1]
            if sep and not target:
                raise ConfigError(f"--format {value}: no file after '='", f"e.g. --format {fmt}=report{_ext(fmt)}")
            continue
        inferred = None if value == "-" else format_of(value)
        if pending is not None:
            if inferred and inferred != pending[0]:
                raise ConfigError(f"--format {pending[0]} is followed by --output {value}, a {inferred} file name",
                                  f"write --format {pending[0]}={value} if you mean it, or --format {inferred}")
            pending[1], pending = value, None
        elif inferred:
            pairs.append([inferred, value])
        else:
            raise ConfigError(f"cannot tell the report format of --output {value}",
                              "put --format FMT before it, write --format FMT=FILE, or use a known extension "
                              "(.sarif, .json, .xml, .md, .html)")
    for fmt, _ in pairs:
        if fmt not in known:
            raise ConfigError(f"unknown --format '{fmt}'", f"choose one of: {', '.join(sorted(known))}")
    files = [t for _, t in pairs if t != "-"]
    twice = sorted({t for t in files if files.count(t) > 1})
    if twice:
        raise ConfigError(f"two reports would be written to {twice[0]}", "give each --output its own file")
    return [(f, t) for f, t in pairs]


def normalise_reports(args: argparse.Namespace, known: set[str], configured: list[str] | None = None) -> None:
    """Replace args.format/args.output by the paired lists: files first, then stdout."""
    items = list(getattr(args, "_report_items", None) or [])
    if not items and configured:
        items = [("format", str(v)) for v in configured]
    pairs = pair_reports(items, known)
    to_files = [p for p in pairs if p[1] != "-"]
    to_stdout = [p for p in pairs if p[1] == "-"]
    args.format = [f for f, _ in to_files + to_stdout]
    args.output = [t for _, t in to_files]


def _ext(fmt: str) -> str:
    return next((e for e, f in EXTENSIONS.items() if f == fmt), ".txt")
