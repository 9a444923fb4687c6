"""Files written atomically: beside the target, fsynced, renamed into place. Apart from the store
(checker.store.snapshots re-exports these) so that what only writes a small file, such as the
replay record, imports no store code (hashlib, msgspec)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, text: str) -> None:
    """Write beside, fsync, rename into place; the file gets the process umask (not mkstemp's 0600)."""
    write_beside(path, text.encode("utf-8"), suffix=".tmp", replace=True)


def write_beside(path: Path, data: bytes, *, suffix: str, replace: bool) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if replace:
            os.replace(tmp, path)
            return path
        return Path(tmp)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
