"""HAR 1.2 captures, streamed: one entry in memory at a time (a browser HAR holds every
response body too, hundreds of MB), read with ijson's incremental parser."""
from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator

import ijson

from checker.comply.request import NO_BODY, ClientRequest
from checker.comply.scope import Scope
from checker.errors import InputError

ENTRIES = "log.entries"


MAX_NESTING = 256  # a HAR entry is a few levels deep (a body is text); deeper is a hostile file


def read_har(path: Path, file: str, scope: Scope | None,
             opener: Callable[[Path], BinaryIO]) -> Iterator[ClientRequest]:
    """The API requests of a HAR file, in entry order; InputError when it is not a HAR file."""
    from checker.comply.captures import record_to_request

    with opener(path) as fh:
        _check_utf8(fh, file)
        entries = _Entries(file)
        try:
            for index, entry in enumerate(entries.read(fh)):
                record = _record(entry, scope)
                if record is not None:
                    yield record_to_request(record, source=f"{path.name}#{index}", file=file,
                                            where=f"{file}: log.entries[{index}].request", capture=path.name)
        except ijson.JSONError as exc:
            said = exc.args[0] if exc.args else ""
            reason = " ".join((said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)).split())
            if "UTF8" in reason:
                raise InputError(f"{file}: not UTF-8 text; binary or garbage data") from None
            raise InputError(f"{file}: not valid JSON ({reason[:80] or 'empty'})") from None
        if not entries.found:
            raise InputError(f"{file}: not a HAR file (no log.entries)")


def _check_utf8(fh: BinaryIO, file: str, block: int = 2**16) -> None:
    """The file's start is UTF-8 text (binary data is named so, as for every text input)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(fh.read(block), final=False)
    except UnicodeDecodeError as exc:
        raise InputError(f"{file}: not UTF-8 text (byte {exc.start}); binary or garbage data") from None
    finally:
        fh.seek(0)


class _Entries:
    """The items of `log.entries`, built one at a time from ijson's basic events (no prefix
    strings: ijson.items builds one per event, as long as the nesting is deep)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.found = False

    def read(self, fh: BinaryIO) -> Iterator[Any]:
        path: list[Any] = []  # per open container: the key being read (maps), "item" (arrays)
        builder: ijson.ObjectBuilder | None = None
        for event, value in ijson.basic_parse(fh, use_float=True):
            if builder is not None:
                builder.event(event, value)
            if event == "map_key":
                path[-1] = value
            elif event in ("start_map", "start_array"):
                if builder is None and self._at_entry(path):
                    builder = ijson.ObjectBuilder()
                    builder.event(event, value)
                path.append("item" if event == "start_array" else None)
                if len(path) > MAX_NESTING:
                    raise InputError(f"{self.file}: JSON nested more than {MAX_NESTING} levels deep")
                self.found = self.found or path == ["log", "entries", "item"]
            elif event in ("end_map", "end_array"):
                path.pop()
                if builder is not None and self._at_entry(path):
                    yield builder.value
                    builder = None
            elif builder is None and self._at_entry(path):
                yield value  # an entry that is not an object: skipped by the reader

    @staticmethod
    def _at_entry(path: list[Any]) -> bool:
        return len(path) == 3 and path[0] == "log" and path[1] == "entries" and path[2] == "item"


def _record(entry: Any, scope: Scope | None) -> dict[str, Any] | None:
    """The entry's request as a capture record; None when it is not one or is out of scope."""
    req = entry.get("request") if isinstance(entry, dict) else None
    if not isinstance(req, dict) or scope is not None and not scope.keeps(req.get("method"), req.get("url")):
        return None
    pairs = req.get("headers") if isinstance(req.get("headers"), list) else []
    headers = [(h.get("name", ""), h.get("value", "")) for h in pairs if isinstance(h, dict)]
    post = req.get("postData") or {}
    body = post.get("text") if isinstance(post, dict) and post.get("text") else NO_BODY
    return {"method": req.get("method"), "url": req.get("url"), "headers": headers, "body": body}
