"""Snapshot store: snapshots/<target>/ holds one readable file per source plus a manifest.

Layout (paths are stable so a nightly job can commit them to git):
    manifest.json          per source: url, final_url, etag, last_modified, sha256, file, file_sha256
    openapi.json           the spec as canonical pretty JSON     (each kind names its file)
    pages/<page id>.md     a page's sections as markdown-ish text
    .journal.json          only while an update is being applied (see checker.store.journal)
    .lock                  see checker.store.lock
    .notify.lock           the watch notifier's lock (held across its webhook post)

An update is atomic as a whole: `commit` goes through the journal. Loading verifies every file
against the manifest's hash; a file that does not match is reported as corrupt, never parsed.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from msgspec import Struct, field
from msgspec.structs import asdict

from checker.errors import InputError
from checker.models import Source
from checker.sources.page import page_file  # noqa: F401 - re-exported for the SARIF reporter

MANIFEST = "manifest.json"
NOTIFY_LOCK_FILE = ".notify.lock"
SPEC_FILE = "openapi.json"  # the spec kind's file; kept for the SARIF reporter


class Entry(Struct, frozen=True):
    """What the manifest remembers of one source's last good fetch."""

    url: str
    final_url: str
    sha256: str  # of the content as its kind hashes it (stable across file formats)
    fetched_at: str
    file: str
    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    file_sha256: str | None = None  # of the file's bytes; absent in manifests of older versions


class Stored(Struct):
    """One source's stored state as read under the lock: usable content, or why not."""

    entry: Entry | None = None
    text: str | None = None
    content: Any = None
    corrupt: str | None = None  # why the stored file cannot be used

    @property
    def usable(self) -> bool:
        return self.entry is not None and self.corrupt is None


class Update(Struct):
    """What a run asks the store to record: new files with their entries, refreshed entries."""

    files: dict[str, tuple[Entry, str]] = field(default_factory=dict)  # source id -> (entry, text)
    touched: dict[str, str] = field(default_factory=dict)  # source id -> fetched_at (304: same file)

    def __bool__(self) -> bool:
        return bool(self.files or self.touched)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class SnapshotStore:
    def __init__(self, root: str | Path, target: str, on_wait: Callable[[str], None] | None = None) -> None:
        self.dir = Path(root) / target
        self.on_wait = on_wait
        self._entries: dict[str, Entry] | None = None
        self.manifest_error: str | None = None  # set by `rebuild`: the unreadable manifest is replaced

    # -- locking -----------------------------------------------------------------------------
    def reading(self, timeout: float = 120.0) -> Any:
        """Shared lock: several readers at once; waits only while an update is being applied."""
        from checker.store.lock import StoreLock

        return StoreLock(self.dir, shared=True, timeout=timeout, on_wait=self.on_wait).held()

    def writing(self, timeout: float = 120.0) -> Any:
        """Exclusive lock around writes (and recovery); never held across network I/O."""
        from checker.store.lock import StoreLock

        return StoreLock(self.dir, shared=False, timeout=timeout, on_wait=self.on_wait).held()

    def notifying(self, timeout: float = 120.0) -> Any:
        """The watch notifier's own exclusive lock (a file beside the store's): it is held across the
        webhook post, so it must not be the store's lock, which checks need for their writes."""
        from checker.store.lock import StoreLock

        return StoreLock(self.dir, shared=False, timeout=timeout, on_wait=self.on_wait,
                         file=NOTIFY_LOCK_FILE).held()

    # -- reading -----------------------------------------------------------------------------
    @property
    def entries(self) -> dict[str, Entry]:
        if self._entries is None:
            self._entries = self._read_manifest()
        return self._entries

    def rebuild(self) -> None:
        """Treat an unreadable manifest as an empty baseline (`checker snapshot` records a new one)."""
        try:
            self._entries = self._read_manifest()
        except InputError as exc:
            self.manifest_error, self._entries = exc.message, {}

    def _read_manifest(self) -> dict[str, Entry]:
        path = self.dir / MANIFEST
        if not path.is_file() or self.manifest_error:
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return {sid: _entry(raw) for sid, raw in data.get("sources", {}).items()}
        except (ValueError, TypeError, AttributeError) as exc:
            raise InputError(
                f"snapshot manifest {path} is unreadable: {exc}",
                "restore it from git or run `checker snapshot` to record a new baseline",
            ) from exc

    def unlocked_entries(self) -> dict[str, Entry]:
        """The manifest as it is now, read without the lock and not kept ({} when unreadable): a
        guess at what `entries` will say, e.g. to send requests before the store is read."""
        try:
            return self._read_manifest()
        except InputError:
            return {}

    def entry(self, source_id: str) -> Entry | None:
        entry = self.entries.get(source_id)
        if entry is None or not (self.dir / entry.file).is_file():
            return None
        return entry

    def read(self, source: Source, defer: bool = False) -> Stored:
        """The stored content of a source, verified against the manifest's hashes. `defer`: a file
        whose bytes match the manifest's file_sha256 is not parsed yet; its content is a Deferred
        (`resolve` parses it), for a run that may need no more than the manifest's content hash."""
        entry = self.entry(source.id)
        if entry is None:
            return Stored()
        path = self.dir / entry.file
        data = path.read_bytes()
        if entry.file_sha256 is not None and sha256_bytes(data) != entry.file_sha256:
            return Stored(entry, corrupt=f"{path} does not match the manifest's sha256 (edited, truncated "
                                         "or a merge conflict)")
        if defer and entry.file_sha256 is not None:
            return Stored(entry, content=Deferred(path, source.kind, data))
        return _parsed(entry, path, source.kind, data)

    def load(self, source: Source) -> Any:
        """Stored content of a source, or None (no snapshot, or a corrupt one)."""
        stored = self.read(source)
        return stored.content if stored.usable else None

    # -- writing -----------------------------------------------------------------------------
    def commit(self, update: Update) -> None:
        """Apply an update atomically as a whole (hold `writing()`); see checker.store.journal."""
        from checker.store.journal import apply

        entries = dict(self._read_manifest())  # another run may have committed since we read
        for sid, stamp in update.touched.items():
            if sid in entries:
                entries[sid] = Entry(**{**asdict(entries[sid]), "fetched_at": stamp})
        files = {}
        for sid, (entry, text) in update.files.items():
            data = text.encode("utf-8")
            entries[sid] = Entry(**{**asdict(entry), "file_sha256": sha256_bytes(data)})
            files[entry.file] = data
        apply(self.dir, files, manifest_text(entries))
        self._entries = entries

    def recover(self) -> None:
        """Finish or undo an interrupted update and drop stale temp files (hold `writing()`)."""
        from checker.store.journal import recover

        recover(self.dir)
        self._entries = None

    def needs_recovery(self) -> bool:
        from checker.store.journal import needs_recovery

        return needs_recovery(self.dir)


class Deferred(Struct, frozen=True):
    """A stored file's bytes, verified against the manifest under the store's lock, not parsed yet."""

    path: Path
    kind: str
    data: bytes


def resolve(stored: Stored) -> Stored:
    """`stored` with a Deferred content parsed (corrupt when it does not parse); others as they are."""
    deferred = stored.content
    if not isinstance(deferred, Deferred) or stored.entry is None:
        return stored
    return _parsed(stored.entry, deferred.path, deferred.kind, deferred.data)


def _parsed(entry: Entry, path: Path, kind_name: str, data: bytes) -> Stored:
    from checker.sources.kind import kind_of

    kind = kind_of(kind_name)
    try:
        text = data.decode("utf-8")
        content = kind.load(text)
    except (ValueError, InputError) as exc:
        reason = exc.message if isinstance(exc, InputError) else str(exc)
        return Stored(entry, corrupt=f"{path} cannot be read: {reason}")
    if entry.file_sha256 is None and kind.sha256(content) != entry.sha256:
        return Stored(entry, corrupt=f"{path} does not match the manifest's sha256")
    return Stored(entry, text, content)


def _entry(raw: Any) -> Entry:
    entry = Entry(**raw)
    for name in ("url", "final_url", "sha256", "fetched_at", "file"):
        if not isinstance(getattr(entry, name), str):
            raise TypeError(f"'{name}' of an entry is not a string")
    datetime.fromisoformat(entry.fetched_at)
    return entry


def manifest_text(entries: dict[str, Entry]) -> str:
    data = {
        "schema_version": 1,
        "updated_at": now_iso(),
        "sources": {sid: asdict(e) for sid, e in sorted(entries.items())},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
