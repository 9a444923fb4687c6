"""Where in a file each finding points, for SARIF and annotations: computed by the command (it
reads files), handed to the pure reporters in the report context.

- a relevant finding whose identifier `--code` found in the repository points at that line;
- a finding from a file of the integration (rule file, payload, capture) points at that file and
  line, found relative to the working directory or else to the rules directory's parent;
- page drift points at the section heading's line, spec drift at the JSON pointer's line in the
  pretty-printed spec: in the snapshot as this run saw it when that is on disk (the store after
  `--update-snapshots`, or an unchanged source), else in the one from before the change (the
  store without `--update-snapshots`, or the history's copy of the replaced version); the
  command tells the reporters which places are in the earlier one.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Mapping

from checker.models import Finding, Kind

Place = tuple[str, int | None]


def places(findings: Iterable[Finding], artifacts: Mapping[str, str], rules_dir: Path | None,
           code_dir: Path | None = None, *, new: Mapping[str, str] | None = None,
           old: Mapping[str, str] | None = None) -> dict[str, Place]:
    """fingerprint -> (file, line or None) for every finding a file can be named for.

    `artifacts`: source id -> its file in the snapshot store; `new` / `old`: the files that hold
    the source as this run saw it / as it was before this run's change (default: the artifact is
    the new one). Drift points at the line in the new file, else (something removed) in the old
    one; a line is named only where the heading or the whole pointer is found."""
    texts: dict[str, list[str] | None] = {}
    new = artifacts if new is None else new
    old = old or {}
    out: dict[str, Place] = {}
    for f in findings:
        used = _code_line(f, code_dir)
        if used:
            out[f.fingerprint] = used
            continue
        if f.location.file:
            path = _own_file(f.location.file, rules_dir)
            if path:
                out[f.fingerprint] = (path, f.location.line)
            continue
        source = f.location.source
        if source not in artifacts:
            continue
        out[f.fingerprint] = _drift_place(f, texts, artifacts[source], new.get(source), old.get(source))
    return out


def _drift_place(f: Finding, texts: dict[str, list[str] | None], stored: str, new: str | None,
                 old: str | None) -> Place:
    for path in (new, old):
        line = _line(f, texts, path) if path else None
        if line:
            return path, line
    return stored, None  # the file still names the source (code scanning drops results without one)


def _line(f: Finding, texts: dict[str, list[str] | None], path: str) -> int | None:
    if path not in texts:
        texts[path] = _lines(path)
    lines = texts[path]
    if lines is None:
        return None
    if f.kind == Kind.PAGE and f.location.section:
        return heading_line(lines, f.location.section, f.official_url.partition("#")[2] or None)
    if f.kind == Kind.SPEC and f.location.pointer:
        return pointer_line(lines, f.location.pointer, exact=True)
    return None


def _code_line(f: Finding, code_dir: Path | None) -> Place | None:
    """The first `--code` line that names what a relevant finding is about."""
    from checker.profile.locate import CODE_REASON_RE

    if code_dir is None or f.relevance != "used":
        return None
    for reason in f.relevant_because:
        m = CODE_REASON_RE.match(reason)
        if m and (code_dir / m["file"]).is_file():
            return str(code_dir / m["file"]), int(m["line"])
    return None


def _own_file(name: str, rules_dir: Path | None) -> str | None:
    if Path(name).is_file():
        return name
    if rules_dir is not None:
        candidate = rules_dir.parent / name
        if candidate.is_file():
            return str(candidate)
    return None


def _lines(path: str) -> list[str] | None:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None


_HEADING = re.compile(r"^#{1,6}\s+(.*?)(?:\s+\{#([^}]*)\})?\s*$")


def heading_line(lines: list[str], heading: str, anchor: str | None = None) -> int | None:
    """1-based line of the Markdown heading with this text (case aside) or this `{#anchor}`,
    the first one when repeated."""
    wanted = " ".join(heading.split()).casefold()
    for number, line in enumerate(lines, 1):
        m = _HEADING.match(line)
        if m and (" ".join(m.group(1).split()).casefold() == wanted or (anchor and m.group(2) == anchor)):
            return number
    return None


def pointer_line(lines: list[str], pointer: str, exact: bool = False) -> int | None:
    """1-based line of the JSON pointer in JSON pretty-printed one key per line (any indent),
    or of its deepest ancestor found (None with `exact`); None when not even the first token is."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    found, start = None, 1  # line 0 opens the document
    for token in tokens:
        hit = _child(lines, start, token)
        if hit is None:
            return None if exact else found
        found, start = hit + 1, hit + 1
    return found


def _child(lines: list[str], start: int, token: str) -> int | None:
    """The line index of member `token` of the block opened on line start-1 (a key, or an index
    when the block is an array); None when absent or the line opens no block."""
    if start > len(lines) or not lines[start - 1].rstrip().endswith(("{", "[")):
        return None
    is_array = lines[start - 1].rstrip().endswith("[")
    key = '"' + token.replace("\\", "\\\\").replace('"', '\\"') + '":'
    child_indent, index = None, -1
    for i in range(start, len(lines)):
        stripped = lines[i].lstrip(" ")
        if not stripped:
            continue
        indent = len(lines[i]) - len(stripped)
        child_indent = indent if child_indent is None else child_indent
        if indent < child_indent:
            return None  # the block ended
        if indent > child_indent or stripped[0] in "]}":
            continue  # inside a member, or the end of an element
        if is_array:
            index += 1
            if token.isdigit() and index == int(token):
                return i
        elif stripped.startswith(key):
            return i
    return None
