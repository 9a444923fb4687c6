"""Apply a snapshot update atomically as a whole, with a journal (paths stay stable for git).

    1. write every new file beside its destination as `.<name>.<random>.next`   (steps "write:<file>")
    2. write `.journal.json`: the moves and the next manifest                     (step "journal")
       -- the commit point: from here on the update is rolled forward --
    3. rename each `.next` file over its destination                              (steps "rename:<file>")
    4. write the manifest                                                         (step "manifest")
    5. delete the journal                                                         (step "done")

`recover` (under the exclusive lock, at the start of a run) rolls a complete journal forward,
and otherwise rolls back by deleting leftovers; stale `.tmp`/`.next` files are removed.
`STEP_HOOK`, when set, is called after each step: the fault-injection tests kill the run there.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable

JOURNAL = ".journal.json"
TEMP_SUFFIXES = (".tmp", ".next")
SKIP_DIRS = {".cache"}  # other writers' caches, not part of the snapshot
STEP_HOOK: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if STEP_HOOK is not None:
        STEP_HOOK(name)


def apply(store_dir: Path, files: dict[str, bytes], manifest: str) -> None:
    from checker.store.atomic import atomic_write, write_beside
    from checker.store.snapshots import MANIFEST

    moves = []
    for rel, data in sorted(files.items()):
        pending = write_beside(store_dir / rel, data, suffix=".next", replace=False)
        moves.append([str(Path(rel).parent / pending.name), rel])
        _step(f"write:{rel}")
    atomic_write(store_dir / JOURNAL, json.dumps({"schema_version": 1, "moves": moves, "manifest": manifest}))
    _step("journal")
    _finish(store_dir, moves, manifest, MANIFEST, atomic_write)


def _finish(store_dir: Path, moves: list[list[str]], manifest: str, manifest_name: str,
            write: Callable[[Path, str], None]) -> None:
    for pending, final in moves:
        if (store_dir / pending).is_file():
            os.replace(store_dir / pending, store_dir / final)
        _step(f"rename:{final}")
    write(store_dir / manifest_name, manifest)
    _step("manifest")
    (store_dir / JOURNAL).unlink(missing_ok=True)
    _step("done")


def needs_recovery(store_dir: Path) -> bool:
    return (store_dir / JOURNAL).exists() or any(True for _ in _stale(store_dir))


def recover(store_dir: Path) -> None:
    from checker.store.atomic import atomic_write
    from checker.store.snapshots import MANIFEST

    journal = _read_journal(store_dir)
    if journal is not None:
        moves, manifest = journal
        _finish(store_dir, moves, manifest, MANIFEST, atomic_write)
    (store_dir / JOURNAL).unlink(missing_ok=True)
    for path in list(_stale(store_dir)):
        path.unlink(missing_ok=True)


def _read_journal(store_dir: Path) -> tuple[list[list[str]], str] | None:
    """The journal's moves and manifest; None when absent or unusable (then roll back)."""
    try:
        data = json.loads((store_dir / JOURNAL).read_text(encoding="utf-8"))
        moves, manifest = data["moves"], data["manifest"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    root = store_dir.resolve()
    for move in moves:
        if (not isinstance(move, list) or len(move) != 2
                or not all(isinstance(p, str) and (store_dir / p).resolve().is_relative_to(root) for p in move)):
            return None
    return (moves, manifest) if isinstance(manifest, str) else None


def _stale(store_dir: Path):  # noqa: ANN202 - an iterator of paths
    if not store_dir.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(store_dir):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        for name in filenames:
            if name.startswith(".") and name.endswith(TEMP_SUFFIXES):
                yield Path(dirpath) / name
