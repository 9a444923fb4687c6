"""`--code DIR`: where the integration's own source names an identifier, as file:line.

A plain text scan for string literals ("x", 'x', `x`) equal to an identifier, or, for API
paths, containing it ("https://openrouter.ai/api/v1/chat/completions"). Files are the tracked
ones (`git ls-files` in a git checkout) or, elsewhere, a walk honouring .gitignore files.
Nothing is executed; binary and large files are skipped.
"""
from __future__ import annotations

import os
import re
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Iterator

from checker.errors import InputError

MAX_FILE_BYTES = 1_000_000
MAX_HITS = 10  # per identifier
ALWAYS_SKIPPED = {".git", ".hg", ".svn"}


def tracked_files(root: Path) -> list[str]:
    """Repository-relative paths of the files to scan."""
    if not root.is_dir():
        raise InputError(f"--code {root}: not a directory", "pass the root of the integration's repository")
    if (root / ".git").exists():
        try:
            out = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others",
                                  "--exclude-standard"], capture_output=True, check=True, timeout=60).stdout
            return [p for p in out.decode("utf-8", "replace").split("\0") if p]
        except (OSError, subprocess.SubprocessError):
            pass  # no usable git: walk instead
    return list(walk_ignoring(root))


def walk_ignoring(root: Path) -> Iterator[str]:
    """Every file under root not excluded by a .gitignore (nested files apply below their folder)."""
    from pathspec import GitIgnoreSpec

    specs: list[tuple[str, GitIgnoreSpec]] = []
    for folder, dirs, files in os.walk(root):
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        rel = "" if rel == "." else rel + "/"
        specs = [(base, spec) for base, spec in specs if rel.startswith(base)]
        if ".gitignore" in files:
            try:
                lines = (Path(folder) / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
                specs.append((rel, GitIgnoreSpec.from_lines(lines)))
            except OSError:
                pass

        def ignored(path: str) -> bool:
            return any(spec.match_file(path[len(base):]) for base, spec in specs)

        dirs[:] = sorted(d for d in dirs if d not in ALWAYS_SKIPPED and not ignored(f"{rel}{d}/"))
        for name in sorted(files):
            if not ignored(rel + name):
                yield rel + name


def literal_pattern(names: Iterable[str], paths: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for all identifiers: group 1 an exact literal, group 2 a path inside a literal."""
    names = sorted({n for n in names if n}, key=len, reverse=True)
    paths = sorted({p for p in paths if p and p != "/"}, key=len, reverse=True)
    alts = []
    if names:
        alts.append(r"""(?<=["'`])(%s)(?=["'`])""" % "|".join(map(re.escape, names)))
    if paths:
        alts.append(r"""(?<=[\w"'`/])(%s)(?=["'`?#])""" % "|".join(map(re.escape, paths)))
    return re.compile("|".join(alts), re.IGNORECASE) if alts else None


def scan(root: str | Path, names: Iterable[str], paths: Iterable[str] = ()) -> dict[str, list[tuple[str, int]]]:
    """identifier (lower case) -> [(repository-relative file, 1-based line)] where a literal names it."""
    root = Path(root)
    pattern = literal_pattern(names, paths)
    hits: dict[str, list[tuple[str, int]]] = defaultdict(list)
    if pattern is None:
        return {}
    for rel in tracked_files(root):
        text = _read(root / rel)
        if text is None:
            continue
        pos, line = 0, 1
        for match in pattern.finditer(text):
            ident = (match.group(1) or match.group(2)).lower()
            line += text.count("\n", pos, match.start())
            pos = match.start()
            if len(hits[ident]) < MAX_HITS:
                hits[ident].append((rel, line))
    return dict(hits)


def _read(path: Path) -> str | None:
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if b"\0" in data[:8192]:
        return None
    return data.decode("utf-8", errors="replace")
