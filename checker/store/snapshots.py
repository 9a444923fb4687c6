"""Snapshot store: snapshots/<target>/ holds one readable file per source plus a manifest.

Layout:
    manifest.json          url, final_url, etag, last_modified, sha256, fetched_at, status per source
    openapi.json           the spec as canonical pretty JSON
    pages/<page id>.md     a page's sections as markdown-ish text
    .lock                  held while a run reads-modifies-writes the store

Every write goes to a temporary file first and is moved into place (atomic on POSIX); the
manifest is written last, so a crash leaves the previous baseline intact.
"""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from checker.errors import InputError, LockBusy
from checker.models import Page

MANIFEST = "manifest.json"
SPEC_FILE = "openapi.json"


@dataclass(frozen=True)
class Entry:
    """What the manifest remembers of one source's last good fetch."""

    url: str
    final_url: str
    sha256: str
    fetched_at: str
    file: str
    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SnapshotStore:
    def __init__(self, root: str | Path, target: str) -> None:
        self.dir = Path(root) / target
        self._entries: dict[str, Entry] | None = None

    # -- locking -----------------------------------------------------------------------------
    @contextmanager
    def lock(self, timeout: float = 120.0) -> Iterator[None]:
        """Exclusive lock shared by manual and scheduled runs."""
        from filelock import FileLock, Timeout

        self.dir.mkdir(parents=True, exist_ok=True)
        try:
            with FileLock(str(self.dir / ".lock"), timeout=timeout):
                yield
        except Timeout as exc:
            raise LockBusy(
                f"another checker run holds {self.dir / '.lock'}",
                "wait for it to finish, or remove the lock file if no run is active",
            ) from exc

    # -- reading -----------------------------------------------------------------------------
    @property
    def entries(self) -> dict[str, Entry]:
        if self._entries is None:
            self._entries = self._read_manifest()
        return self._entries

    def _read_manifest(self) -> dict[str, Entry]:
        path = self.dir / MANIFEST
        if not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return {sid: Entry(**raw) for sid, raw in data.get("sources", {}).items()}
        except (ValueError, TypeError) as exc:
            raise InputError(
                f"snapshot manifest {path} is unreadable: {exc}",
                "restore it from git or run `checker snapshot` to record a new baseline",
            ) from exc

    def entry(self, source_id: str) -> Entry | None:
        entry = self.entries.get(source_id)
        if entry is None or not (self.dir / entry.file).is_file():
            return None
        return entry

    def load_spec(self) -> dict[str, Any] | None:
        entry = self.entry("openapi")
        if entry is None:
            return None
        return json.loads((self.dir / entry.file).read_text(encoding="utf-8"))

    def load_page(self, source_id: str) -> Page | None:
        from checker.store.pagetext import text_to_page

        entry = self.entry(source_id)
        if entry is None:
            return None
        return text_to_page((self.dir / entry.file).read_text(encoding="utf-8"))

    def load(self, source_id: str, kind: str) -> Any:
        """The stored content of a source: the spec dict or a Page; None without a snapshot."""
        return self.load_spec() if kind == "spec" else self.load_page(source_id)

    def oldest_fetch(self) -> datetime | None:
        stamps = [datetime.fromisoformat(e.fetched_at) for e in self.entries.values()]
        return min(stamps) if stamps else None

    # -- writing -----------------------------------------------------------------------------
    def save_spec(self, canonical_text: str, entry: Entry) -> None:
        atomic_write(self.dir / entry.file, canonical_text)
        self.entries["openapi"] = entry

    def save_page(self, source_id: str, text: str, entry: Entry) -> None:
        atomic_write(self.dir / entry.file, text)
        self.entries[source_id] = entry

    def touch(self, source_id: str, **changes: Any) -> None:
        """Refresh an entry's metadata (fetched_at, validators) without touching its file."""
        old = self.entries.get(source_id)
        if old is not None:
            self.entries[source_id] = Entry(**{**asdict(old), **changes})

    def write_manifest(self) -> None:
        data = {
            "schema_version": 1,
            "updated_at": now_iso(),
            "sources": {sid: asdict(e) for sid, e in sorted(self.entries.items())},
        }
        atomic_write(self.dir / MANIFEST, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def page_file(source_id: str) -> str:
    """Repository-relative file of a page snapshot; page ids may contain '/'."""
    safe = "/".join(part for part in source_id.split("/") if part not in ("", ".", ".."))
    return f"pages/{safe}.md"
