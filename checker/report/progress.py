"""Progress of long runs on a terminal: "fetched 7/19 sources; waiting on openapi, ...", redrawn
in place on stderr.

Only when the stream is a TTY (and TERM=dumb does not ask for plain output); otherwise it prints
nothing, so logs and CI output stay plain. Meant as the fetch stage's callback:
`progress.expect(source_ids)` before fetching (so it can name what it is still waiting on), then
`progress(done, total, source_id)` after each source, then `progress.close()`.
"""
from __future__ import annotations

import os
import sys
import threading
from typing import Iterable, TextIO

SHOWN_WAITING = 3  # names on the line; the rest as "+N"


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = _is_tty(self.stream) and os.environ.get("TERM") != "dumb"
        self.enabled = enabled
        self._drawn = False
        self._waiting: list[str] = []
        self._lock = threading.Lock()  # fetches finish on worker threads

    def expect(self, source_ids: Iterable[str]) -> None:
        """The sources about to be fetched, in order: the line names those not finished yet."""
        with self._lock:
            self._waiting = list(source_ids)

    def __call__(self, done: int, total: int, source_id: str = "") -> None:
        if not self.enabled:
            return
        with self._lock:
            if source_id in self._waiting:
                self._waiting.remove(source_id)
            self.stream.write("\r\033[2K" + self._label(done, total, source_id)[:_width(self.stream)])
            self.stream.flush()
            self._drawn = True

    def _label(self, done: int, total: int, source_id: str) -> str:
        label = f"fetched {done}/{total} sources"
        if self._waiting and done < total:
            names = ", ".join(self._waiting[:SHOWN_WAITING])
            more = len(self._waiting) - SHOWN_WAITING
            return f"{label}; waiting on {names}" + (f" +{more}" if more > 0 else "")
        return label + (f" ({source_id})" if source_id else "")

    def close(self) -> None:
        with self._lock:
            if self._drawn:
                self.stream.write("\r\033[2K")
                self.stream.flush()
                self._drawn = False


def _width(stream: TextIO) -> int:
    """One terminal line (a wrapped line cannot be redrawn in place)."""
    from checker.commands.surroundings import terminal_width

    return max(terminal_width(fallback=120) - 1, 20)


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
