"""History of the sources: the previous version of what changed, kept per source, bounded.

Layout, under the store directory (snapshots/<target>/):

    history/index.json                               every event, per source, oldest first
    history/<source id>/<YYYYmmddTHHMMSSZ>_<sha8>.<ext>  the version that was replaced

A run that sees a source differ from its snapshot calls `record_change`; the same change seen by
several runs (a nightly job that does not update the snapshots) is recorded once. Only the
newest `keep` events of a source are kept; older files are deleted.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from msgspec import Struct
from msgspec.structs import asdict

from checker.errors import InputError
from checker.sources.kind import safe_path
from checker.store.atomic import atomic_write

HISTORY_DIR = "history"
INDEX = "index.json"
DEFAULT_KEEP = 30


class HistoryEvent(Struct, frozen=True):
    """A source changed from `old_sha` to `new_sha`; `file` (relative to history/) keeps the old text."""

    source_id: str
    seen_at: str  # ISO-8601, when a run first saw the change
    old_sha: str | None
    new_sha: str
    file: str | None = None

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.seen_at)

    def path(self, store_dir: Path) -> Path | None:
        return store_dir / HISTORY_DIR / self.file if self.file else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _read_index(store_dir: Path) -> dict[str, list[HistoryEvent]]:
    path = store_dir / HISTORY_DIR / INDEX
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {sid: [HistoryEvent(**raw) for raw in events] for sid, events in data.get("sources", {}).items()}
    except (ValueError, TypeError, AttributeError) as exc:
        raise InputError(f"history index {path} is unreadable: {exc}",
                         "restore it from git, or delete the history/ folder to start a new history") from exc


def _write_index(store_dir: Path, index: dict[str, list[HistoryEvent]]) -> None:
    data = {"schema_version": 1,
            "sources": {sid: [e.to_dict() for e in events] for sid, events in sorted(index.items()) if events}}
    atomic_write(store_dir / HISTORY_DIR / INDEX, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _stamp(seen_at: str) -> str:
    return datetime.fromisoformat(seen_at).strftime("%Y%m%dT%H%M%SZ")


def _version_file(source_id: str, seen_at: str, sha: str | None, ext: str) -> str:
    return f"{safe_path(source_id)}/{_stamp(seen_at)}_{(sha or 'none')[:8]}.{ext}"


def record_change(store_dir: Path, source_id: str, *, old_text: str | None, old_sha: str | None,
                  new_sha: str, seen_at: str, keep: int = DEFAULT_KEEP, ext: str = "md") -> HistoryEvent | None:
    """Remember that `source_id` changed from `old_sha` to `new_sha`, keeping `old_text`.

    Returns the new event, or None when the latest event already records this change.
    `seen_at` is an ISO-8601 time with a zone (checker.store.snapshots.now_iso()); `ext` is the
    extension of the kept file (that of the source's snapshot file).
    """
    if old_sha == new_sha:
        return None
    index = _read_index(store_dir)
    events = index.setdefault(source_id, [])
    if events and (events[-1].old_sha, events[-1].new_sha) == (old_sha, new_sha):
        return None
    file = None
    if old_text is not None:
        file = _version_file(source_id, seen_at, old_sha, ext)
        atomic_write(store_dir / HISTORY_DIR / file, old_text)
    event = HistoryEvent(source_id=source_id, seen_at=seen_at, old_sha=old_sha, new_sha=new_sha, file=file)
    events.append(event)
    _prune(store_dir, events, max(keep, 1))
    _write_index(store_dir, index)
    return event


def _prune(store_dir: Path, events: list[HistoryEvent], keep: int) -> None:
    dropped, events[:] = events[:-keep], events[-keep:]
    kept_files = {e.file for e in events}
    for event in dropped:
        path = event.path(store_dir)
        if path is not None and event.file not in kept_files:
            path.unlink(missing_ok=True)


def load_history(store_dir: Path, source_id: str | None = None) -> list[HistoryEvent]:
    """Events of one source (or all), oldest first."""
    index = _read_index(store_dir)
    events = index.get(source_id, []) if source_id is not None else [e for ev in index.values() for e in ev]
    return sorted(events, key=lambda e: (e.when, e.source_id))


def history_sources(store_dir: Path) -> list[str]:
    return sorted(_read_index(store_dir))
