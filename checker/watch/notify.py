"""Webhook notifications of new drift, each finding once until it changes.

A finding is "already notified" when the state file (snapshots/<target>/.notified.json) holds
its fingerprint with the same change key (a hash of its before/after). The state is written
(atomically) only after a successful post, so a failed post is tried again by the next run.

Each post carries an `Idempotency-Key` (a hash of what it notifies: the same findings give the
same key, in this run and the next), so a receiver can drop a repeat. A request that was fully
sent is not sent again in the same run unless the answer asks for it (429, 503): a webhook that
processed the post but answered late would otherwise receive it once per attempt.

The payload is Slack-compatible (`text`) and carries the findings (DESIGN.md JSON form) for
other receivers. Webhook URLs are secrets: only their host is ever logged; findings arrive
redacted (checker.redact) and the payload is redacted once more as a whole.
"""
from __future__ import annotations

import hashlib
import json
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from msgspec import Struct, field

from checker.errors import CheckerError, InputError
from checker.models import Finding, Report, Severity
from checker.redact import redact
from checker.store.atomic import atomic_write

STATE_FILE = ".notified.json"
FORGET_AFTER = timedelta(days=30)  # a finding unseen this long may be notified again
TEXT_FINDINGS = 20
RETRY_STATUSES = frozenset({429, 503})  # the receiver says: not processed, try again later


class NotifyError(CheckerError):
    """The webhook could not be reached or refused the post."""


def host_of(url: str) -> str:
    """What may be shown of a webhook URL (its path usually holds the secret)."""
    return urlsplit(url).hostname or "webhook"


def change_key(f: Finding) -> str:
    data = json.dumps([f.severity.value, f.before, f.after], sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def idempotency_key(findings: list[Finding]) -> str:
    """Stable per notification content: the findings' fingerprints and change keys, in any order."""
    data = json.dumps(sorted([f.fingerprint, change_key(f)] for f in findings))
    return hashlib.sha256(data.encode()).hexdigest()[:32]


class NotifyState(Struct):
    path: Path
    entries: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "NotifyState":
        if not path.is_file():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, dict(data["notified"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"notification state {path} is unreadable: {exc}",
                             "delete it to start afresh (every current finding is then notified once)") from exc

    def pending(self, findings: list[Finding]) -> list[Finding]:
        """Findings never notified, or notified with a different before/after."""
        return [f for f in findings if self.entries.get(f.fingerprint, {}).get("change") != change_key(f)]

    def update(self, seen: list[Finding], notified: list[Finding], now: datetime) -> None:
        stamp = now.isoformat(timespec="seconds")
        for f in notified:
            self.entries[f.fingerprint] = {"change": change_key(f), "notified_at": stamp, "last_seen": stamp}
        for f in seen:
            if f.fingerprint in self.entries:
                self.entries[f.fingerprint]["last_seen"] = stamp
        cutoff = now - FORGET_AFTER
        self.entries = {fp: e for fp, e in self.entries.items()
                        if datetime.fromisoformat(e.get("last_seen", stamp)) >= cutoff}

    def save(self) -> None:
        data = {"schema_version": 1, "notified": dict(sorted(self.entries.items()))}
        atomic_write(self.path, json.dumps(data, indent=2) + "\n")


def build_payload(report: Report, findings: list[Finding]) -> dict[str, Any]:
    counts = {s.value: sum(1 for f in findings if f.severity == s) for s in Severity}
    head = (f"checker: {len(findings)} new drift finding(s) for {report.target or 'the target'} "
            f"({counts['error']} error, {counts['warning']} warning, {counts['info']} info)")
    lines = [head] + [f"• {f.severity.value.upper()} {f.code}: {f.message} {f.official_url}"
                      for f in findings[:TEXT_FINDINGS]]
    if len(findings) > TEXT_FINDINGS:
        lines.append(f"… and {len(findings) - TEXT_FINDINGS} more")
    payload = {
        "text": "\n".join(lines),
        "idempotency_key": idempotency_key(findings),
        "target": report.target,
        "mode": report.mode,
        "started_at": report.started_at.isoformat(timespec="seconds"),
        "summary": counts,
        "findings": [f.to_dict() for f in findings],
    }
    return redact(json.loads(json.dumps(payload, ensure_ascii=False, default=str)))


def post_json(url: str, payload: dict[str, Any], *, timeout: float = 10.0, attempts: int = 3,
              backoff: float = 1.0) -> None:
    """POST with `Idempotency-Key`; raise NotifyError naming only the host.

    Retried: a request that never reached the receiver (connect errors, a failed write) and
    answers that ask for it (429, 503, honouring Retry-After). Not retried: anything after the
    receiver got the whole request (a late answer, a dropped connection, other statuses).
    """
    import httpx

    body = json.dumps(payload, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json"}
    if isinstance(payload.get("idempotency_key"), str):
        headers["Idempotency-Key"] = payload["idempotency_key"]
    problem = ""
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        for attempt in range(1, attempts + 1):
            wait = backoff * 2 ** (attempt - 1)
            try:
                resp = client.post(url, content=body, headers=headers)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteError,
                    httpx.WriteTimeout) as exc:  # the receiver did not get the whole request
                problem = type(exc).__name__
            except httpx.HTTPError as exc:  # sent: it may have been processed, so not sent again now
                problem = f"{type(exc).__name__} after the post was sent (not resent, to avoid a duplicate)"
                break
            else:
                if resp.status_code < 300:
                    return
                problem = f"HTTP {resp.status_code}"
                if resp.status_code not in RETRY_STATUSES:
                    break
                wait = max(wait, min(_retry_after(resp.headers.get("retry-after")), 30.0))
            if attempt < attempts:
                time.sleep(wait)
    raise NotifyError(f"the notification webhook at {host_of(url)} failed: {problem}",
                      "check --notify; the findings will be notified by the next run (same Idempotency-Key)")


def _retry_after(value: str | None) -> float:
    try:
        return float(value) if value else 0.0
    except ValueError:
        return 0.0


def notify(report: Report, url: str, state_path: Path, *, min_severity: Severity = Severity.WARNING,
           timeout: float = 10.0, attempts: int = 3, now: datetime | None = None) -> int:
    """Post the findings not notified before; return how many were posted (0: nothing new)."""
    now = now or datetime.now(timezone.utc)
    state = NotifyState.load(state_path)
    relevant = [f for f in report.findings if f.severity.at_least(min_severity)]
    pending = state.pending(relevant)
    if pending:
        post_json(url, build_payload(report, pending), timeout=timeout, attempts=attempts)
    state.update(relevant, pending, now)
    state.save()
    return len(pending)
