"""Parsed forms cached by the hash of what they were parsed from: a run skips YAML parsing and
schema validation of rule and target files it has read before (`checker --quick` start-up).

Entries are JSON files under CHECKER_CACHE_DIR, else $XDG_CACHE_HOME/checker, else
~/.cache/checker. The key covers the input bytes and the checker version, so a stale entry is
never used; an unreadable or damaged entry is a miss; writes are atomic; a cache that cannot be
written makes runs slower, not wrong. Only values that survive a JSON round trip unchanged are
stored (YAML dates or integer keys would come back different).
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Callable, Iterable

from checker import __version__

FORMAT = 1  # bump when the shape of a cached value changes


def cache_dir() -> Path | None:
    """The user cache directory of checker; None when CHECKER_CACHE_DIR is set empty (no cache)."""
    configured = os.environ.get("CHECKER_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "checker"


def content_key(parts: Iterable[bytes | str]) -> str:
    """sha256 over the parts (length-prefixed, so part boundaries count) and the checker version."""
    digest = hashlib.sha256(f"checker {__version__} cache {FORMAT}\0".encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(f"{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def cached(namespace: str, key: str, build: Callable[[], Any], *,
           encode: Callable[[Any], Any] = lambda v: v, decode: Callable[[Any], Any] = lambda v: v) -> Any:
    """decode(stored value) when `key` is cached and decodes, else build() (stored when it can be)."""
    path = _path(namespace, key)
    hit = _read(path)
    if hit is not None:
        try:
            return decode(hit[0])
        except Exception:  # noqa: BLE001 - a damaged or foreign entry is a miss, never a crash
            pass
    value = build()
    if path is not None:
        _write(path, key, encode(value))
    return value


def _path(namespace: str, key: str) -> Path | None:
    root = cache_dir()
    return root / namespace / f"{key}.json" if root else None


def _read(path: Path | None) -> tuple[Any] | None:
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != path.stem or "value" not in data:
        return None
    return (data["value"],)


def _write(path: Path, key: str, value: Any) -> None:
    from checker.store.snapshots import atomic_write

    try:
        text, read = _encoded({"key": key, "value": value})
        if read(text)["value"] != value:
            return  # would not come back as it is (tuples, integer keys, ...)
        atomic_write(path, text)
    except (OSError, TypeError, ValueError):
        pass  # not JSON data, or no writable cache: the next run parses again


def _encoded(entry: dict[str, Any]) -> tuple[str, Callable[[str], Any]]:
    """Compact JSON of an entry and a reader that reads it as the stdlib (the next run) will.
    orjson writes a large entry, such as a pair's findings, in a tenth of the stdlib's time, and
    reads its own text as the stdlib does (no NaN, no integer beyond 64 bits, no lone surrogate
    in it); it is imported on a write only: a warm run reads. What orjson refuses is the stdlib's."""
    import orjson

    try:
        return orjson.dumps(entry).decode(), orjson.loads
    except orjson.JSONEncodeError:
        return json.dumps(entry, ensure_ascii=False, separators=(",", ":")), json.loads


PACKAGE = Path(__file__).resolve().parent.parent


def code_stamp(parts: Iterable[str] = ("",)) -> list[str]:
    """Name, size and mtime of each of checker's modules under `parts` (folders or files of the
    package; the default: all of it): a cache entry computed by code edited without a version bump
    (a development checkout) is a miss. Stat calls cost ~0.1 ms, hashing the sources ten times more."""
    stamp: list[str] = []
    for part in parts:
        path = PACKAGE / part
        if not path.is_dir():
            files = [str(path)]
        else:
            files = []
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                files += [os.path.join(folder, n) for n in sorted(names) if n.endswith(".py")]
        for file in files:
            info = os.stat(file)
            stamp.append(f"{os.path.relpath(file, PACKAGE)} {info.st_size} {info.st_mtime_ns}")
    return stamp
