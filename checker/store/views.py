"""The replay record's file, `<store>/.cache/verdict.json`, on the standard library only: read,
keyed, and the views remembered in it, so that the fast replay (checker.commands.replay) imports
no msgspec, models or reporters. checker.store.verdict turns the record into a Report and back.

The record: {"format", "key", "plan": [request items], "report": {...}, "views": [...]}. The key
(compared as it is, not hashed: hashlib loads OpenSSL, ~5 ms of a ~100 ms run) covers: checker's
version and its code (each module's size and mtime), the mode (quick/full), the target, the base
URL, the rules directory and each file in it (target, rules, suppressions), the store's manifest
and learned profile (each file's size, mtime and CRC-32), each source's stored file (size and
mtime), each request the run sent (URL, validators, authorization) and today's date, local and
UTC (suppressions expire).

A view is the text a run wrote on stdout for the recorded report and its exit code, under the
witness of everything the rendering depended on (checker.commands.replay.witness): the text is
kept in parts, the run's duration and start time left out as DURATION and STARTED, filled in by
each replay. At most MAX_VIEWS, the newest first; a new record starts with none. A damaged
record or view is a miss, never an error.
"""
from __future__ import annotations

import json
import time
import zlib
from pathlib import Path

import checker
from checker.redact import redact_text
from checker.store.parsed import code_stamp

FILE = Path(".cache") / "verdict.json"
FORMAT = 1
MAX_VIEWS = 4
DURATION, STARTED = 0, 1  # the holes of a view's text: this run's duration_ms, its start (ISO, UTC)
PLAN_TEXTS, PLAN_VALIDATORS = ("id", "url"), ("etag", "last_modified")


def today() -> tuple[str, str]:
    """The dates findings depend on (suppressions expire by the local date); tests replace it."""
    now = time.time()  # time, not datetime: ~2 ms less of the fast replay
    return time.strftime("%Y-%m-%d", time.localtime(now)), time.strftime("%Y-%m-%d", time.gmtime(now))


def read_data(store_dir: Path) -> dict | None:
    """The stored record with a well-formed key and plan, or None (none, damaged, another format)."""
    try:
        data = json.loads((store_dir / FILE).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or not isinstance(data.get("key"), str) or \
                not isinstance(data["plan"], list) or not isinstance(data["report"], dict):
            return None
        if not all(_plan_item_ok(item) for item in data["plan"]):
            return None
    except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError):
        return None
    return data


def _plan_item_ok(item: object) -> bool:
    return isinstance(item, dict) and all(isinstance(item[k], str) for k in PLAN_TEXTS) and \
        isinstance(item["fallback_urls"], list) and all(isinstance(u, str) for u in item["fallback_urls"]) and \
        all(item[k] is None or isinstance(item[k], str) for k in PLAN_VALIDATORS) and "authorized" in item


def wire_of(item: dict) -> tuple:
    """A plan item as the probe sends it (checker.fetch.probe.Wire)."""
    return item["url"], item["etag"], item["last_modified"], bool(item["authorized"])


def key(inputs: dict, plan: list[dict]) -> str | None:
    """Everything the findings depend on, as JSON text; None when it cannot be known (no replay) or
    would hold a secret (a base URL with userinfo or a token: the record is a file in the store).
    `inputs`: mode, target, rules_dir (resolved), store_dir, base_url; `plan`: the stored items."""
    store, base_url = Path(inputs["store_dir"]), inputs["base_url"]
    if (store / ".journal.json").exists():
        return None  # an interrupted update: the pipeline recovers it first
    if base_url is not None and redact_text(base_url) != base_url:
        return None
    parts: list = [FORMAT, checker.__version__, code_stamp(), inputs["mode"], inputs["target"], base_url, today()]
    try:
        rules_dir = Path(inputs["rules_dir"])
        parts.append(str(rules_dir.absolute()))  # not resolve(): the files' stamps say what changed
        for path in sorted((rules_dir / inputs["target"]).iterdir()):
            if path.is_file():
                parts.append([path.name, *file_stamp(path)])
        manifest = store / "manifest.json"
        entries = json.loads(manifest.read_bytes()).get("sources", {})
        parts += [file_stamp(manifest), file_stamp(store / "profile.json")]  # the learned profile
        for item in plan:
            stat = (store / entries[item["id"]]["file"]).stat()
            parts.append([item, stat.st_size, stat.st_mtime_ns])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return json.dumps(parts, default=str)


def file_stamp(path: Path) -> list[int]:
    """Size, mtime and CRC-32 of a small input file (any edit changes one of them); [] when absent."""
    try:
        data, info = path.read_bytes(), path.stat()
    except FileNotFoundError:
        return []
    return [len(data), info.st_mtime_ns, zlib.crc32(data)]


def view_of(data: dict, witness: str) -> dict | None:
    """The record's view remembered under `witness`, when well-formed."""
    views = data.get("views")
    if not isinstance(views, list):
        return None
    for view in views:
        if isinstance(view, dict) and view.get("witness") == witness:
            return view if _view_ok(view) else None
    return None


def _view_ok(view: dict) -> bool:
    inputs, parts, timeout = view.get("inputs"), view.get("text"), view.get("timeout")
    if not isinstance(inputs, dict) or not isinstance(parts, list):
        return False
    return all(isinstance(inputs.get(k), str) for k in ("mode", "target", "rules_dir", "store_dir")) \
        and _optional_text(inputs.get("base_url")) and _optional_text(view.get("rules")) \
        and all(isinstance(p, str) or (type(p) is int and p in (DURATION, STARTED)) for p in parts) \
        and type(view.get("exit")) is int and type(timeout) in (int, float) and timeout > 0


def _optional_text(value: object) -> bool:
    return value is None or isinstance(value, str)


def with_view(data: dict, view: dict) -> dict:
    """The record with `view` first, an older view of the same witness dropped, at most MAX_VIEWS."""
    views = data.get("views") if isinstance(data.get("views"), list) else []
    kept = [v for v in views if not (isinstance(v, dict) and v.get("witness") == view["witness"])]
    return {**data, "views": [view, *kept][:MAX_VIEWS]}


def holes(render: object) -> list | None:
    """The text `render(duration_ms, started_iso)` gives, in parts with DURATION and STARTED where
    those go; None when there is none to remember or it depends on them otherwise (checked by
    rendering twice, with values of other lengths: the parts filled with the second must give the
    second text)."""
    first, second = (918273645, "1901-02-03T04:05:06+00:00"), (7, "2087-11-12T13:14:15+00:00")
    text = render(*first)  # type: ignore[operator]
    if text is None:
        return None
    parts: list = []
    for i, piece in enumerate(text.split(first[1])):
        if i:
            parts.append(STARTED)
        for j, bit in enumerate(piece.split(str(first[0]))):
            if j:
                parts.append(DURATION)
            parts.append(bit)
    parts = [p for p in parts if p != ""]
    return parts if fill(parts, *second) == render(*second) else None  # type: ignore[operator]


def fill(parts: list, duration_ms: int, started: str | None = None) -> str:
    """A view's text for this run: its duration and start time (now, UTC, as the reporters write it)."""
    if started is None and STARTED in parts:
        started = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    return "".join(str(duration_ms) if p == DURATION else started if p == STARTED else p for p in parts)
