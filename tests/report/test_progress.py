"""Progress on a terminal only; plain output elsewhere."""
from __future__ import annotations

import io

from checker.report.progress import Progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_in_place_on_a_tty_and_cleared(monkeypatch):
    monkeypatch.delenv("TERM", raising=False)
    stream = _Tty()
    progress = Progress(stream)
    progress(1, 19, "openapi")
    progress(2, 19, "changelog")
    progress.close()
    text = stream.getvalue()
    assert "fetched 2/19 sources (changelog)" in text and "\n" not in text
    assert text.endswith("\r\033[2K")


def test_no_progress_when_not_a_tty():
    stream = io.StringIO()
    progress = Progress(stream)
    progress(1, 2, "openapi")
    progress.close()
    assert stream.getvalue() == ""
