"""Progress of long runs on a terminal: "fetched 7/19 sources", redrawn in place on stderr.

Only when the stream is a TTY (and NO_COLOR/TERM=dumb do not ask for plain output); otherwise
it prints nothing, so logs and CI output stay plain. Meant as the fetch stage's callback:
`progress(done, total, source_id)` after each source, then `progress.close()`.
"""
from __future__ import annotations

import os
import sys
import threading
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = _is_tty(self.stream) and os.environ.get("TERM") != "dumb"
        self.enabled = enabled
        self._drawn = False
        self._lock = threading.Lock()  # fetches finish on worker threads

    def __call__(self, done: int, total: int, source_id: str = "") -> None:
        if not self.enabled:
            return
        label = f"fetched {done}/{total} sources" + (f" ({source_id})" if source_id else "")
        with self._lock:
            self.stream.write("\r\033[2K" + label[:120])
            self.stream.flush()
            self._drawn = True

    def close(self) -> None:
        with self._lock:
            if self._drawn:
                self.stream.write("\r\033[2K")
                self.stream.flush()
                self._drawn = False


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
