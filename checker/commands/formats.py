"""-f/--format and -o/--output pairs that cannot be mispaired.

Normalised into the paired lists `args.format` / `args.output` that `emit` reads (the i-th format
goes to the i-th output, formats without one to stdout):
- `-f FMT=FILE` writes FMT to FILE;
- `-o FILE` with a known extension (.sarif, .json, .xml junit, .md, .html) gets that format, taking
  over a plain `-f` of the same format given before it; so `-f github -o drift.sarif` is
  annotations on stdout and SARIF in the file, never annotations in drift.sarif;
- `-o FILE` with another extension (or `-o -`) takes the plain `-f FMT` given just before it;
- the remaining plain `-f FMT` go to stdout.
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
    pairs: list[list] = []  # [format, target, fixed]: fixed once a file (or FMT=FILE) was given
    pending: list[str] | None = None  # the plain -f just before, which a following -o may take
    for kind, value in items:
        if kind == "format":
            fmt, sep, target = value.partition("=")
            if sep and not target:
                raise ConfigError(f"--format {value}: no file after '='", f"e.g. --format {fmt}=report{_ext(fmt)}")
            pairs.append([fmt, target if sep else "-", bool(sep)])
            pending = None if sep else pairs[-1]
            continue
        inferred = None if value == "-" else format_of(value)
        if inferred:  # the extension decides; a plain -f of that format given earlier is this file's
            same = next((p for p in reversed(pairs) if p[0] == inferred and not p[2]), None)
            if same is not None:
                same[1:] = [value, True]
            else:
                pairs.append([inferred, value, True])
        elif pending is not None:
            pending[1:] = [value, True]
        else:
            raise ConfigError(f"cannot tell the report format of --output {value}",
                              "put --format FMT just before it, write --format FMT=FILE, or use a known "
                              "extension (.sarif, .json, .xml, .md, .html)")
        pending = None
    for fmt, _, _ in pairs:
        if fmt not in known:
            raise ConfigError(f"unknown --format '{fmt}'", f"choose one of: {', '.join(sorted(known))}")
    files = [t for _, t, _ in pairs if t != "-"]
    twice = sorted({t for t in files if files.count(t) > 1})
    if twice:
        raise ConfigError(f"two reports would be written to {twice[0]}", "give each --output its own file")
    return [(f, t) for f, t, _ in pairs]


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
