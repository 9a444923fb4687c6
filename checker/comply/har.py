"""HAR 1.2 captures, streamed: one entry in memory at a time (a browser HAR holds every
response body too, hundreds of MB), read with ijson's incremental parser."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import ijson

from checker.comply.request import NO_BODY, ClientRequest
from checker.comply.scope import Scope
from checker.errors import InputError

ENTRIES = "log.entries"


def read_har(path: Path, file: str, scope: Scope | None, opened: Any) -> Iterator[ClientRequest]:
    """The API requests of a HAR file, in entry order; InputError when it is not a HAR file."""
    from checker.comply.captures import record_to_request

    with opened as fh:
        index = -1
        with _errors(file):
            for index, entry in enumerate(ijson.items(fh, ENTRIES + ".item", use_float=True)):
                record = _record(entry, scope)
                if record is not None:
                    yield record_to_request(record, source=f"{path.name}#{index}", file=file,
                                            where=f"{file}: log.entries[{index}].request", capture=path.name)
            if index < 0:  # no entries: an empty log, or not a HAR file at all
                fh.seek(0)
                if not any(p == ENTRIES and e == "start_array" for p, e, _ in ijson.parse(fh)):
                    raise InputError(f"{file}: not a HAR file (no log.entries)")


@contextmanager
def _errors(file: str) -> Iterator[None]:
    try:
        yield
    except ijson.JSONError as exc:
        reason = " ".join(str(exc).split())[:80]
        raise InputError(f"{file}: not valid JSON ({reason or 'empty'})") from None
    except RecursionError:
        raise InputError(f"{file}: JSON nested too deeply to read") from None


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
