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


def test_progress_names_the_sources_it_is_waiting_on(monkeypatch):
    monkeypatch.delenv("TERM", raising=False)
    stream = _Tty()
    progress = Progress(stream)
    progress.expect(["openapi", "a", "b", "c", "d"])
    progress(1, 5, "a")
    last = stream.getvalue().rsplit("\r\033[2K", 1)[-1]
    assert last == "fetched 1/5 sources; waiting on openapi, b, c +1"
    for i, sid in enumerate(["b", "c", "d"], start=2):
        progress(i, 5, sid)
    assert stream.getvalue().rsplit("\r\033[2K", 1)[-1] == "fetched 4/5 sources; waiting on openapi"
    progress(5, 5, "openapi")
    assert stream.getvalue().rsplit("\r\033[2K", 1)[-1] == "fetched 5/5 sources (openapi)"


def test_the_line_fits_the_terminal(monkeypatch):
    monkeypatch.delenv("TERM", raising=False)
    monkeypatch.setenv("COLUMNS", "40")
    stream = _Tty()
    progress = Progress(stream)
    progress.expect([f"guides/a-very-long-page-id-{i}" for i in range(9)])
    progress(1, 10, "openapi")
    assert len(stream.getvalue().rsplit("\r\033[2K", 1)[-1]) == 39
