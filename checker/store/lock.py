"""The store's lock: shared for readers, exclusive for writers (flock on snapshots/<target>/.lock).

Writers hold it only while writing, so a reader waits at most for one update to be applied.
The exclusive holder writes "<pid> <since>" into the lock file so a waiting run can say whom
it waits for. The lock is released by the kernel when its process exits: nothing to clean up.
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from msgspec import Struct

from checker.errors import LockBusy

try:
    import fcntl
except ImportError:  # not POSIX: filelock's exclusive lock for readers and writers alike
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = ".lock"
POLL = 0.05


class StoreLock(Struct):
    dir: Path
    shared: bool
    timeout: float = 120.0
    on_wait: Callable[[str], None] | None = None
    file: str = LOCK_FILE

    @contextmanager
    def held(self) -> Iterator[None]:
        self.dir.mkdir(parents=True, exist_ok=True)
        path = self.dir / self.file
        if fcntl is None:
            with self._portable(path):
                yield
            return
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            self._acquire(fd, path)
            if not self.shared:
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()} {_now()}\n".encode(), 0)
            yield
        finally:
            os.close(fd)  # closing releases the flock

    @contextmanager
    def _portable(self, path: Path) -> Iterator[None]:
        from filelock import FileLock, Timeout

        try:
            with FileLock(str(path) + ".portable", timeout=self.timeout):
                yield
        except Timeout:
            raise LockBusy(f"another run still holds {path} after {self.timeout:g} s",
                           "wait for that run to finish; the lock is released when it exits") from None

    def _acquire(self, fd: int, path: Path) -> None:
        mode = fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX
        deadline = time.monotonic() + self.timeout
        told = False
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                pass
            holder = _holder(path)
            if not told and self.on_wait is not None:
                self.on_wait(f"waiting for run {holder}")
                told = True
            if time.monotonic() >= deadline:
                raise LockBusy(f"run {holder} still holds {path} after {self.timeout:g} s",
                               "wait for that run to finish; the lock is released when it exits")
            time.sleep(POLL)


def _holder(path: Path) -> str:
    """ "<pid> since <time>" from the lock file, or "(pid unknown)" when it says nothing usable."""
    try:
        pid, since = path.read_text(encoding="utf-8").split()[:2]
    except (OSError, ValueError):
        return "(pid unknown)"
    return f"{pid} since {since}"


def _now() -> str:
    from checker.store.snapshots import now_iso

    return now_iso()
