"""Inputs: payload files, JSON Lines captures, HAR 1.2 files; and redacted captures written back out."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

from checker.redact import redact, redact_headers, redact_text
from checker.comply.request import NO_BODY, ClientRequest, RawBody
from checker.errors import InputError, read_text

DEFAULT_PAYLOAD_URL = "https://openrouter.ai/api/v1/chat/completions"
MAX_LINE = 8 * 2**20  # one captured request; the fetch limit for a response body is the same
MAX_FILE = 64 * 2**20  # a payload or HAR file, read whole


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


def read_captures(path: str | Path) -> list[ClientRequest]:
    path = Path(path)
    if path.suffix.lower() == ".har":
        return _read_har(path)
    return _read_jsonl(path)


def record_to_request(record: Any, *, source: str, file: str | None = None, line: int | None = None,
                      where: str | None = None) -> ClientRequest:
    """A capture record as a request; InputError naming `where` (default file:line) when it is not one."""
    where = where or f"{file or source}{f':{line}' if line else ''}"
    if not isinstance(record, dict) or not isinstance(record.get("method"), str) or not isinstance(record.get("url"), str):
        raise InputError(f"{where}: a capture needs 'method' and 'url' strings")
    headers = record.get("headers")
    if headers is not None and not isinstance(headers, (dict, list)):
        raise InputError(f"{where}: 'headers' must be an object or a list of [name, value] pairs")
    try:
        return ClientRequest.build(record["method"], record["url"], headers, record.get("body", NO_BODY),
                                   source=source, file=file, line=line)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{where}: bad headers ({exc})") from None


def _read_jsonl(path: Path) -> list[ClientRequest]:
    out: list[ClientRequest] = []
    file = display_path(path)
    for number, line in _lines(path, file):
        if not line.strip():
            continue
        record = _parse_json(line, f"{file}:{number}", "each line of a capture file is one JSON request record",
                             "a JSON object")
        out.append(record_to_request(record, source=f"{path.name}:{number}", file=file, line=number))
    return out


def _lines(path: Path, file: str) -> Iterator[tuple[int, str]]:
    """Numbered lines, each at most MAX_LINE bytes (a capture is read as a stream, never whole)."""
    with _open(path) as fh:
        for number, raw in enumerate(iter(lambda: fh.readline(MAX_LINE + 1), b""), start=1):
            if len(raw) > MAX_LINE and not raw.endswith(b"\n") or len(raw.rstrip(b"\r\n")) > MAX_LINE:
                raise InputError(f"{file}:{number}: line longer than {MAX_LINE // 2**20} MiB",
                                 "each line of a capture file is one JSON request record")
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{file}:{number}: not UTF-8 text (byte {exc.start})") from None


def _read_har(path: Path) -> list[ClientRequest]:
    data = _load_json(path)
    log = data.get("log") if isinstance(data, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise InputError(f"{display_path(path)}: not a HAR file (no log.entries)")
    out = []
    for index, entry in enumerate(entries):
        req = entry.get("request") if isinstance(entry, dict) else None
        if not isinstance(req, dict):
            continue
        pairs = req.get("headers") if isinstance(req.get("headers"), list) else []
        headers = [(h.get("name", ""), h.get("value", "")) for h in pairs if isinstance(h, dict)]
        post = req.get("postData") or {}
        body = post.get("text") if isinstance(post, dict) and post.get("text") else NO_BODY
        record = {"method": req.get("method"), "url": req.get("url"), "headers": headers, "body": body}
        out.append(record_to_request(record, source=f"{path.name}#{index}", file=display_path(path),
                                     where=f"{display_path(path)}: log.entries[{index}].request"))
    return out


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
    from checker.store.snapshots import atomic_write

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
    """A whole JSON file (payload, HAR) of at most MAX_FILE bytes."""
    file = display_path(path)
    return _parse_json(read_text(path, file, limit=MAX_FILE), file)


def _parse_json(text: str, where: str, hint: str | None = None, what: str = "valid JSON") -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply to read", hint) from None
    except ValueError as exc:
        reason = " ".join(str(exc).split())[:80] if text.strip() else "empty"
        raise InputError(f"{where}: not {what} ({reason})", hint) from None
