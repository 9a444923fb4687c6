"""Inputs: payload files, JSON Lines captures, HAR 1.2 files; and redacted captures written back out."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable

from checker.redact import redact, redact_headers, redact_text
from checker.comply.request import NO_BODY, ClientRequest, RawBody
from checker.errors import InputError

DEFAULT_PAYLOAD_URL = "https://openrouter.ai/api/v1/chat/completions"


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


def record_to_request(record: Any, *, source: str, file: str | None = None, line: int | None = None) -> ClientRequest:
    if not isinstance(record, dict) or not isinstance(record.get("method"), str) or not isinstance(record.get("url"), str):
        raise InputError(f"{file or source}{f':{line}' if line else ''}: a capture needs 'method' and 'url' strings")
    headers = record.get("headers")
    if headers is not None and not isinstance(headers, (dict, list)):
        raise InputError(f"{file or source}:{line}: 'headers' must be an object or a list of [name, value] pairs")
    try:
        return ClientRequest.build(record["method"], record["url"], headers, record.get("body", NO_BODY),
                                   source=source, file=file, line=line)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{file or source}:{line}: bad headers ({exc})") from None


def _read_jsonl(path: Path) -> list[ClientRequest]:
    text = _read_text(path)
    out: list[ClientRequest] = []
    file = display_path(path)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise InputError(f"{file}:{number}: not a JSON object ({exc.args[0][:80]})",
                             "each line of a capture file is one JSON request record") from None
        out.append(record_to_request(record, source=f"{path.name}:{number}", file=file, line=number))
    return out


def _read_har(path: Path) -> list[ClientRequest]:
    data = _load_json(path)
    entries = (data.get("log") or {}).get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError(f"{display_path(path)}: not a HAR file (no log.entries)")
    out = []
    for index, entry in enumerate(entries):
        req = entry.get("request") if isinstance(entry, dict) else None
        if not isinstance(req, dict):
            continue
        headers = [(h.get("name", ""), h.get("value", "")) for h in req.get("headers") or [] if isinstance(h, dict)]
        post = req.get("postData") or {}
        body = post.get("text") if isinstance(post, dict) and post.get("text") else NO_BODY
        record = {"method": req.get("method"), "url": req.get("url"), "headers": headers, "body": body}
        out.append(record_to_request(record, source=f"{path.name}#{index}", file=display_path(path)))
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


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"file not found: {path}", "check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None


def _load_json(path: Path) -> Any:
    try:
        return json.loads(_read_text(path))
    except ValueError as exc:
        raise InputError(f"{display_path(path)}: not valid JSON ({exc})") from None

