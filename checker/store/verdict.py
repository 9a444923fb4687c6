"""The replay record as a Report: the report of the last check whose every source answered 304,
recorded so that the next run, when every source answers 304 again and the key still matches,
renders that report without running the pipeline. The file, its key and the views remembered in
it are checker.store.views (the standard library only, for the fast replay).

`<store>/.cache/verdict.json` is a cache beside the snapshot (the journal skips .cache).
Runs with --code, --offline or --update-snapshots neither replay nor record. A damaged record is a
miss, never an error; writes are atomic and best-effort. Findings are stored as redacted as the
report holds them; the record holds no header.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from checker.fetch.request import FetchRequest
from checker.models import Conditional, Finding, Report, SourceResult, SourceStatus
from checker.redact import redact_text
from checker.store import views
from checker.store.views import FILE, FORMAT


class Record(Struct, frozen=True):
    data: dict[str, Any]  # as stored (checker.store.views.read_data)
    plan: list[FetchRequest]

    @property
    def key(self) -> str:
        return self.data["key"]

    def load(self) -> Report | None:
        """The recorded report, or None when that part of the record is damaged (a miss)."""
        try:
            return report_from_dict(self.data["report"])
        except (ValueError, TypeError, KeyError, AttributeError, IndexError):
            return None


def replayed(report: Report, duration_ms: int) -> Report:
    """A recorded report as this run's: its own start time and duration."""
    return replace(report, started_at=datetime.now(timezone.utc), duration_ms=duration_ms)


def read(store_dir: Path) -> Record | None:
    """The stored record, or None (none, damaged, or of another format); its report is read by `load`."""
    data = views.read_data(store_dir)
    return None if data is None else Record(data, [_request(item) for item in data["plan"]])


def record_of(inputs: dict[str, Any], plan: list[FetchRequest], report: Report) -> dict[str, Any] | None:
    """The record of `report` when every source of the run answered 304 where it was asked, else None.
    `inputs` as checker.store.views.key takes them."""
    asked = {r.source_id for r in plan}
    if not plan or len(asked) != len(plan) or asked != {s.id for s in report.sources}:
        return None
    if not all(s.http_status == 304 and s.status == SourceStatus.UNCHANGED and s.final_url == s.url
               for s in report.sources):
        return None
    if any(redact_text(text) != text for r in plan for text in (r.url, *r.fallback_urls)):
        return None  # a token in a source's URL: the record would have to hold it
    items = [plan_item(r) for r in plan]
    digest = views.key(inputs, items)
    data = report_dict(report)
    try:
        native = json.loads(json.dumps(data))
    except (TypeError, ValueError):
        return None
    if digest is None or native != data or report_dict(report_from_dict(native)) != data:
        return None  # a value JSON would change (a tuple, a set...): a replay could render differently
    return {"format": FORMAT, "key": digest, "plan": items, "report": data}


def write(store_dir: Path, data: dict[str, Any]) -> bool:
    """The record written atomically; False when it cannot be (the next run is a full run, nothing worse)."""
    from checker.store.atomic import atomic_write

    try:
        atomic_write(store_dir / FILE, json.dumps(data))
    except (OSError, TypeError, ValueError):
        return False
    return True


def plan_item(r: FetchRequest) -> dict[str, Any]:
    return {"id": r.source_id, "url": r.url, "fallback_urls": list(r.fallback_urls), "etag": r.conditional.etag,
            "last_modified": r.conditional.last_modified, "authorized": r.authorized}


def _request(item: dict[str, Any]) -> FetchRequest:
    """A plan item checked by checker.store.views.read_data, as the request it records."""
    return FetchRequest(item["id"], item["url"], tuple(item["fallback_urls"]),
                        Conditional(item["etag"], item["last_modified"]), bool(item["authorized"]))


def report_dict(report: Report) -> dict[str, Any]:
    return {"mode": report.mode, "target": report.target, "sources": [s.to_dict() for s in report.sources],
            "findings": [f.to_dict() for f in report.findings], "notes": list(report.notes)}


def report_from_dict(data: dict[str, Any]) -> Report:
    return Report(mode=str(data["mode"]), started_at=datetime.now(timezone.utc), target=data["target"],
                  sources=[SourceResult(**s) for s in data["sources"]],
                  findings=[Finding.from_dict(f) for f in data["findings"]], notes=list(data["notes"]))
