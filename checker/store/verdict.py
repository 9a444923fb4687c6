"""The replay record: the report of the last check whose every source answered 304, keyed by every
input that can change its findings, so that the next run, when every source answers 304
again and the key still matches, renders that report without running the pipeline.

`<store>/.cache/verdict.json` is a cache beside the snapshot (the journal skips .cache). The key
(compared as it is, not hashed: hashlib loads OpenSSL, ~5 ms of a ~100 ms run) covers: checker's
version and its code (each module's size and mtime), the mode (quick/full), the target, the base
URL, the rules directory and each file in it (target, rules, suppressions), the store's manifest
and learned profile (each file's size, mtime and CRC-32), each source's stored file (size and
mtime), each request the run sent (URL, validators, authorization) and today's date, local and
UTC (suppressions expire).
Runs with --code, --offline or --update-snapshots neither replay nor record. A damaged record is a
miss, never an error; writes are atomic and best-effort. Findings are stored as redacted as the
report holds them; the record holds no header and no key.
"""
from __future__ import annotations

import json
import zlib
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

import checker
from checker.fetch.request import FetchRequest
from checker.models import Conditional, Finding, Report, SourceResult, SourceStatus
from checker.redact import redact_text
from checker.store.parsed import code_stamp

FILE = Path(".cache") / "verdict.json"
FORMAT = 1


def today() -> tuple[str, str]:
    """The dates findings depend on (suppressions expire by the local date); tests replace it."""
    return date.today().isoformat(), datetime.now(timezone.utc).date().isoformat()


class Inputs(Struct, frozen=True):
    """The options of a run that can change its findings."""

    mode: str  # quick | full
    target: str
    rules_dir: Path  # resolved (checker.sources.target.rules_root)
    store_dir: Path  # <snapshots>/<target>
    base_url: str | None


class Record(Struct, frozen=True):
    key: str
    plan: list[FetchRequest]
    report: dict[str, Any]  # as stored; `load` builds the Report (after the plan's requests are sent)

    def load(self) -> Report | None:
        """The recorded report, or None when that part of the record is damaged (a miss)."""
        try:
            return report_from_dict(self.report)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError):
            return None


def replayed(report: Report, duration_ms: int) -> Report:
    """A recorded report as this run's: its own start time and duration."""
    return replace(report, started_at=datetime.now(timezone.utc), duration_ms=duration_ms)


def key(inputs: Inputs, plan: list[FetchRequest]) -> str | None:
    """Everything the findings depend on, as JSON text; None when it cannot be known (no replay) or
    would hold a secret (a base URL with userinfo or a token: the record is a file in the store)."""
    store = inputs.store_dir
    if (store / ".journal.json").exists():
        return None  # an interrupted update: the pipeline recovers it first
    if inputs.base_url is not None and redact_text(inputs.base_url) != inputs.base_url:
        return None
    parts: list[Any] = [FORMAT, checker.__version__, code_stamp(), inputs.mode, inputs.target, inputs.base_url,
                        today()]
    try:
        parts.append(str(inputs.rules_dir.absolute()))  # not resolve(): the files' stamps say what changed
        for path in sorted((inputs.rules_dir / inputs.target).iterdir()):
            if path.is_file():
                parts.append([path.name, *_file_stamp(path)])
        manifest = store / "manifest.json"
        entries = json.loads(manifest.read_bytes()).get("sources", {})
        parts += [_file_stamp(manifest), _file_stamp(store / "profile.json")]  # the learned profile
        for r in plan:
            stat = (store / entries[r.source_id]["file"]).stat()
            parts.append([_plan_item(r), stat.st_size, stat.st_mtime_ns])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return json.dumps(parts, default=str)


def _file_stamp(path: Path) -> list[int]:
    """Size, mtime and CRC-32 of a small input file (any edit changes one of them); [] when absent."""
    try:
        data, info = path.read_bytes(), path.stat()
    except FileNotFoundError:
        return []
    return [len(data), info.st_mtime_ns, zlib.crc32(data)]


def read(store_dir: Path) -> Record | None:
    """The stored record, or None (none, damaged, or of another format); its report is read by `load`."""
    try:
        data = json.loads((store_dir / FILE).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or not isinstance(data.get("key"), str) or \
                not isinstance(data["plan"], list) or not isinstance(data["report"], dict):
            return None
        return Record(data["key"], [_request(item) for item in data["plan"]], data["report"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError):
        return None


def keep(inputs: Inputs, plan: list[FetchRequest], report: Report) -> bool:
    """Record `report` when every source of the run answered 304 where it was asked; True if kept."""
    asked = {r.source_id for r in plan}
    if not plan or len(asked) != len(plan) or asked != {s.id for s in report.sources}:
        return False
    if not all(s.http_status == 304 and s.status == SourceStatus.UNCHANGED and s.final_url == s.url
               for s in report.sources):
        return False
    if any(redact_text(text) != text for r in plan for text in (r.url, *r.fallback_urls)):
        return False  # a token in a source's URL: the record would have to hold it
    digest = key(inputs, plan)
    data = report_dict(report)
    try:
        native = json.loads(json.dumps(data))
    except (TypeError, ValueError):
        return False
    if digest is None or native != data or report_dict(report_from_dict(native)) != data:
        return False  # a value JSON would change (a tuple, a set...): a replay could render differently
    from checker.store.snapshots import atomic_write

    text = json.dumps({"format": FORMAT, "key": digest, "plan": [_plan_item(r) for r in plan], "report": data})
    try:
        atomic_write(inputs.store_dir / FILE, text)
    except OSError:
        return False  # the next run is a full run, nothing worse
    return True


def _plan_item(r: FetchRequest) -> dict[str, Any]:
    return {"id": r.source_id, "url": r.url, "fallback_urls": list(r.fallback_urls), "etag": r.conditional.etag,
            "last_modified": r.conditional.last_modified, "authorized": r.authorized}


def _request(item: dict[str, Any]) -> FetchRequest:
    texts = [item["id"], item["url"], *item["fallback_urls"]]
    validators = [item["etag"], item["last_modified"]]
    if not all(isinstance(t, str) for t in texts) or not all(v is None or isinstance(v, str) for v in validators):
        raise TypeError("not a request")
    return FetchRequest(item["id"], item["url"], tuple(item["fallback_urls"]), Conditional(*validators),
                        bool(item["authorized"]))


def report_dict(report: Report) -> dict[str, Any]:
    return {"mode": report.mode, "target": report.target, "sources": [s.to_dict() for s in report.sources],
            "findings": [f.to_dict() for f in report.findings], "notes": list(report.notes)}


def report_from_dict(data: dict[str, Any]) -> Report:
    return Report(mode=str(data["mode"]), started_at=datetime.now(timezone.utc), target=data["target"],
                  sources=[SourceResult(**s) for s in data["sources"]],
                  findings=[Finding.from_dict(f) for f in data["findings"]], notes=list(data["notes"]))
