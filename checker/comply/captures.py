"""Inputs: payload files, JSON Lines captures, HAR 1.2 files; and redacted captures written back out."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

from msgspec import Struct

from checker import fastjson
from checker.redact import redact, redact_headers, redact_text
from checker.comply.request import MAX_DEPTH, NO_BODY, ClientRequest, Headers, RawBody, loads_text
from checker.comply.scope import Scope
from checker.errors import InputError, read_text

DEFAULT_PAYLOAD_URL = "https://openrouter.ai/api/v1/chat/completions"
MAX_LINE = 8 * 2**20  # one captured request; the fetch limit for a response body is the same
MAX_FILE = 64 * 2**20  # a payload file, read whole
MAX_HEADER_SETS = 1024  # distinct header objects of one capture remembered
_LINE_HINT = "each line of a capture file is one JSON request record"


def display_path(path: Path) -> str:
    """Repository-relative (cwd-relative) path when possible, for findings and SARIF."""
    try:
        return os.path.relpath(path.resolve(), Path.cwd()).replace(os.sep, "/")
    except ValueError:
        return str(path)


def read_payload(path: str | Path, *, method: str = "POST", url: str = DEFAULT_PAYLOAD_URL) -> ClientRequest:
    """A JSON request body file (placeholders allowed); `{method, url, body}` objects are captures."""
    path = Path(path)
    data = _load_json(path)
    if isinstance(data, dict) and {"method", "url"} <= set(data) and ("body" in data or "headers" in data):
        return record_to_request(data, source=path.name, file=display_path(path))
    return ClientRequest.build(method, url, None, data, source=path.name, file=display_path(path),
                               body_only=True)


def read_captures(path: str | Path, scope: Scope | None = None) -> list[ClientRequest]:
    return list(iter_captures(path, scope))


def iter_captures(path: str | Path, scope: Scope | None = None) -> Iterator[ClientRequest]:
    """The requests of a capture one by one, streamed; `scope` skips the other hosts' requests."""
    path = Path(path)
    if path.suffix.lower() == ".har":
        from checker.comply.har import read_har

        return read_har(path, display_path(path), scope, _open)
    return _read_jsonl(path, scope=scope)


def record_to_request(record: Any, *, source: str, file: str | None = None, line: int | None = None,
                      where: str | None = None, capture: str | None = None,
                      may_be_deep: bool = True) -> ClientRequest:
    """A capture record as a request; InputError naming `where` (default file:line) when it is not one."""
    where = where or f"{file or source}{f':{line}' if line else ''}"
    headers = check_record(record, where).get("headers")
    try:
        return ClientRequest.build(record["method"], record["url"], headers, record.get("body", NO_BODY),
                                   source=source, file=file, line=line, capture=capture,
                                   may_be_deep=may_be_deep)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{where}: bad headers ({exc})") from None


def check_record(record: Any, where: str) -> dict[str, Any]:
    """The record when it has the shape of a capture record; InputError naming `where` otherwise."""
    if not isinstance(record, dict) or not isinstance(record.get("method"), str) or not isinstance(record.get("url"), str):
        raise InputError(f"{where}: a capture needs 'method' and 'url' strings")
    headers = record.get("headers")
    if headers is not None and not isinstance(headers, (dict, list, Headers)):
        raise InputError(f"{where}: 'headers' must be an object or a list of [name, value] pairs")
    return record


def read_jsonl_part(path: str | Path, part: "Part | None" = None) -> Iterator[ClientRequest]:
    """The requests of a JSON Lines capture, or of one part of it (`--jobs`)."""
    return _read_jsonl(Path(path), part)


class Part(Struct, frozen=True):
    """Bytes [start, end) of a capture, starting at a line boundary with line number `first`."""

    start: int
    end: int | None
    first: int


def split_lines(path: str | Path, parts: int, block: int = 2**20) -> list[Part]:
    """About `parts` parts of equal size, cut at line starts, each knowing its first line number."""
    with _open(Path(path)) as fh:
        size = os.fstat(fh.fileno()).st_size
        starts = [0]
        for i in range(1, parts):
            fh.seek(max(size * i // parts - 1, starts[-1]))
            while (piece := fh.readline(block)) and not piece.endswith(b"\n"):
                pass  # the rest of the line the cut fell into
            if starts[-1] < fh.tell() < size:
                starts.append(fh.tell())
        fh.seek(0)
        firsts, pos, lines = [], 0, 0
        for start in starts:
            while pos < start:
                chunk = fh.read(min(block, start - pos))
                lines, pos = lines + chunk.count(b"\n"), pos + len(chunk)
            firsts.append(lines + 1)
    ends: list[int | None] = [*starts[1:], None]
    return [Part(start, end, first) for start, end, first in zip(starts, ends, firsts)]


def _read_jsonl(path: Path, part: Part | None = None, scope: Scope | None = None) -> Iterator[ClientRequest]:
    capture = JsonLines(path)
    for number, raw in capture.lines(part):
        record = capture.record(number, raw)
        if scope is None or scope.keeps(record.get("method"), record.get("url")):
            yield capture.request(number, raw, record)


class JsonLines:
    """A JSON Lines capture read line by line: raw lines first (`traffic` skips repeats by
    their bytes), then the record and the request of the lines it needs."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.file = display_path(self.path)
        self.name = self.path.name
        self._headers: dict[tuple[tuple[Any, ...], ...], Headers] = {}

    def lines(self, part: Part | None = None) -> Iterator[tuple[int, bytes]]:
        """Numbered non-blank lines as bytes, without their line break."""
        for number, raw in _lines(self.path, self.file, part or Part(0, None, 1)):
            line = raw.rstrip(b"\r\n")
            if line and not line.isspace():
                yield number, line

    def record(self, number: int, raw: bytes) -> dict[str, Any]:
        """The line as a capture record (its request's host not looked at yet); InputError
        naming file:line otherwise, whatever host it is for."""
        return self.parse(number, raw)[0]

    def parse(self, number: int, raw: bytes) -> tuple[dict[str, Any], bool]:
        """record(), and whether orjson read it (no NaN, infinity or lone surrogate in it)."""
        where = f"{self.file}:{number}"
        fast = fastjson.loads(raw)
        if fast is not fastjson.STDLIB:
            return check_record(fast, where), True
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{where}: not UTF-8 text (byte {exc.start})") from None
        return check_record(_parse_json(text, where, _LINE_HINT, "a JSON object"), where), False

    def request(self, number: int, raw: bytes, record: dict[str, Any]) -> ClientRequest:
        # depth <= the number of opening brackets: most lines need no walk to measure it
        deep = raw.count(b"{") + raw.count(b"[") > MAX_DEPTH
        if isinstance(record.get("headers"), dict):
            record = {**record, "headers": self.headers(record["headers"])}
        return record_to_request(record, source=self.label(number), file=self.file, line=number,
                                 capture=self.name, may_be_deep=deep)

    def headers(self, raw: dict[str, Any]) -> Headers | dict[str, Any]:
        """One Headers per distinct header object of the capture (bounded); requests share it."""
        key = (tuple(raw.items()), tuple(map(type, raw.values())))  # 1 == 1.0 == True, "1" != "True"
        try:
            held = self._headers.get(key)
        except TypeError:  # an unhashable value: Headers makes it a string
            return raw
        if held is None:
            if len(self._headers) >= MAX_HEADER_SETS:
                self._headers.clear()
            held = self._headers[key] = Headers(raw)
        return held

    def label(self, number: int) -> str:
        return f"{self.name}:{number}"


def _lines(path: Path, file: str, part: Part) -> Iterator[tuple[int, bytes]]:
    """Numbered lines, each at most MAX_LINE bytes (a capture is read as a stream, never whole)."""
    with _open(path) as fh:
        fh.seek(part.start)
        for number, raw in enumerate(iter(lambda: fh.readline(MAX_LINE + 1), b""), start=part.first):
            if part.end is not None and fh.tell() - len(raw) >= part.end:
                break
            if len(raw) > MAX_LINE and not raw.endswith(b"\n") or len(raw.rstrip(b"\r\n")) > MAX_LINE:
                raise InputError(f"{file}:{number}: line longer than {MAX_LINE // 2**20} MiB", _LINE_HINT)
            yield number, raw


def request_to_record(request: ClientRequest) -> dict[str, Any]:
    """A capture record with secrets masked: safe to write to disk."""
    record: dict[str, Any] = {"method": redact_text(request.method), "url": redact_text(request.url),
                              "headers": [list(p) for p in redact_headers(request.headers.pairs)]}
    if isinstance(request.body, RawBody):
        record["body"] = redact(request.body.text)
    elif request.has_body:
        record["body"] = redact(request.body)
    return record


def write_captures(requests: Iterable[ClientRequest], path: str | Path) -> None:
    from checker.store.atomic import atomic_write

    lines = [json.dumps(request_to_record(r), ensure_ascii=False) for r in requests]
    atomic_write(Path(path), "".join(line + "\n" for line in lines))


def _open(path: Path) -> BinaryIO:
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "is a directory")
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(f"{path}: file not found", "check the path") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _load_json(path: Path) -> Any:
    """A whole JSON payload file of at most MAX_FILE bytes."""
    file = display_path(path)
    return _parse_json(read_text(path, file, limit=MAX_FILE), file)


def _parse_json(text: str, where: str, hint: str | None = None, what: str = "valid JSON") -> Any:
    try:
        return loads_text(text)
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply to read", hint) from None
    except ValueError as exc:
        reason = " ".join(str(exc).split())[:80] if text.strip() else "empty"
        raise InputError(f"{where}: not {what} ({reason})", hint) from None
