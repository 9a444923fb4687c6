"""Parsed forms cached by the hash of what they were parsed from: a run skips YAML parsing and
schema validation of rule and target files it has read before (`checker --quick` start-up).

Entries are JSON files under CHECKER_CACHE_DIR, else $XDG_CACHE_HOME/checker, else
~/.cache/checker. The key covers the input bytes and the checker version, so a stale entry is
never used; an unreadable or damaged entry is a miss; writes are atomic; a cache that cannot be
written makes runs slower, not wrong; each namespace keeps its MAX_ENTRIES newest entries. Only values that survive a JSON round trip unchanged are
stored (YAML dates or integer keys would come back different).
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from checker import __version__

TYPE_CHECKING = False  # typing's, without importing typing: ~4 ms of the fast replay (checker.commands.replay)
if TYPE_CHECKING:
    from typing import Any

FORMAT = 1  # bump when the shape of a cached value changes
MAX_ENTRIES = 256  # per namespace: the least recently written go first (a cache, not an archive)


def cache_dir() -> Path | None:
    """The user cache directory of checker; None when CHECKER_CACHE_DIR is set empty (no cache)."""
    configured = os.environ.get("CHECKER_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "checker"


def content_key(parts: Iterable[bytes | str]) -> str:
    """sha256 over the parts (length-prefixed, so part boundaries count) and the checker version."""
    import hashlib  # loads OpenSSL (~5 ms): not on the replay path (checker.store.verdict)

    digest = hashlib.sha256(f"checker {__version__} cache {FORMAT}\0".encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(f"{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def cached(namespace: str, key: str, build: Callable[[], Any], *,
           encode: Callable[[Any], Any] = lambda v: v, decode: Callable[[Any], Any] = lambda v: v) -> Any:
    """decode(stored value) when `key` is cached and decodes, else build() (stored when it can be)."""
    hit = recall(namespace, key, decode)
    if hit is not None:
        return hit[0]
    value = build()
    path = _path(namespace, key)
    if path is not None:
        _write(path, key, encode(value))
    return value


def recall(namespace: str, key: str, decode: Callable[[Any], Any] = lambda v: v) -> tuple[Any] | None:
    """(decode(stored value),) when `key` is cached and decodes, else None."""
    hit = _read(_path(namespace, key))
    if hit is not None:
        try:
            return (decode(hit[0]),)
        except Exception:  # noqa: BLE001 - a damaged or foreign entry is a miss, never a crash
            pass
    return None


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
    from checker.store.atomic import atomic_write

    try:
        text, read = _encoded({"key": key, "value": value})
        if read(text)["value"] != value:
            return  # would not come back as it is (tuples, integer keys, ...)
        atomic_write(path, text)
        _prune(path.parent)
    except (OSError, TypeError, ValueError):
        pass  # not JSON data, or no writable cache: the next run parses again


def _prune(folder: Path) -> None:
    """Keep the MAX_ENTRIES most recently written entries of a namespace (each new spec pair or rule
    set adds one; without this the cache would only grow)."""
    with os.scandir(folder) as found:
        entries = [e for e in found if e.name.endswith(".json") and e.is_file()]
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort(key=lambda e: e.stat().st_mtime_ns, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        try:
            os.unlink(old.path)
        except OSError:
            pass  # another run removed it first


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
        if path.is_dir():
            _stamp_folder(str(path), f"{part.rstrip('/')}/" if part else "", stamp)
        else:
            info = os.stat(path)
            stamp.append(f"{part} {info.st_size} {info.st_mtime_ns}")
    return stamp


def _stamp_folder(folder: str, prefix: str, stamp: list[str]) -> None:
    """code_stamp of one folder, files then subfolders, each sorted by name (scandir: no path joins)."""
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda e: e.name)
    folders = []
    for entry in entries:
        if entry.is_dir():
            if entry.name != "__pycache__":
                folders.append(entry)
        elif entry.name.endswith(".py"):
            info = entry.stat()
            stamp.append(f"{prefix}{entry.name} {info.st_size} {info.st_mtime_ns}")
    for entry in folders:
        _stamp_folder(entry.path, f"{prefix}{entry.name}/", stamp)
