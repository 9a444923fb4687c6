"""The drift run: fetch -> normalise -> diff against the snapshot -> rules -> (store) -> Report.

One failed source never aborts the run: it becomes a `fetch` finding, and rules about it use the
stored snapshot when there is one. Only a missing spec with no snapshot stops the run (exit 2).
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from checker.errors import SourceUnavailable
from checker.models import (Fetched, Finding, Kind, Location, Page, Report, Severity, Source,
                            SourceResult, SourceStatus, Target)
from checker.store.snapshots import Entry, SnapshotStore, now_iso, page_file
from checker.sources.target import load_target, rules_root


@dataclass(frozen=True)
class CheckOptions:
    target: str = "openrouter"
    rules_dir: Path | None = None
    snapshots_dir: Path = Path("snapshots")
    base_url: str | None = None
    quick: bool = False
    offline: bool = False
    update_snapshots: bool = False
    timeout: float = 15.0
    mode: str = ""  # report mode; derived from quick when empty
    keep: int = 30  # history versions kept per source
    progress: Callable[[int, int, str], None] | None = None  # called after each fetched source


@dataclass
class Observation:
    """What a run knows of one source: the fresh content, or the stored one, or nothing."""

    source: Source
    fetched: Fetched | None
    content: Any = None  # dict (spec) or Page
    fresh: bool = False  # content came from this run's fetch (not the store)
    sha256: str | None = None
    status: str = SourceStatus.UNCHANGED
    findings: list[Finding] = field(default_factory=list)

    @property
    def current_url(self) -> str:
        return self.fetched.final_url if self.fetched and self.fetched.ok else self.source.url


def page_sha(page: Page) -> str:
    data = [page.title, [[s.heading, s.anchor, s.level, s.text] for s in page.sections]]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def _fetch_finding(source: Source, fetched: Fetched, code: str, message: str,
                   severity: Severity = Severity.WARNING) -> Finding:
    return Finding(kind=Kind.FETCH, code=code, severity=severity, message=message,
                   official_url=source.url, location=Location(source=source.id),
                   after=fetched.final_url if fetched.moved else None)


def select_sources(target: Target, quick: bool, rule_pages: set[str]) -> list[Source]:
    if not quick:
        return list(target.sources)
    wanted = rule_pages or {s.id for s in target.pages if s.quick}
    return [s for s in target.sources if s.kind == "spec" or s.id in wanted]


def _load_rules(opts: CheckOptions) -> Any:
    from checker.rules import load_rules

    return load_rules(rules_root(opts.rules_dir), opts.target)


def run_check(opts: CheckOptions) -> Report:
    started, t0 = datetime.now(timezone.utc), time.perf_counter()
    target = load_target(opts.target, opts.rules_dir)
    ruleset = _load_rules(opts)
    sources = select_sources(target, opts.quick, ruleset.pages_needed() if ruleset else set())
    store = SnapshotStore(opts.snapshots_dir, opts.target)
    report = Report(mode=opts.mode or ("quick" if opts.quick else "full"), started_at=started, target=target.name)
    with store.lock():
        if opts.offline:
            observations = [_from_store(store, s, report) for s in sources]
        else:
            observations = _observe(store, sources, opts)
        spec_obs = observations[0]
        if spec_obs.content is None:
            problem = spec_obs.findings[0].message if spec_obs.findings else "no stored spec"
            raise SourceUnavailable(
                f"the OpenAPI spec is unavailable and there is no snapshot: {problem}",
                "check the network or --base-url, or record a baseline with `checker snapshot`",
            )
        for obs in observations:
            report.findings += obs.findings
            report.findings += _diff(store, obs, target.open_enums)
            report.sources.append(_source_result(obs))
        report.findings += _evaluate_rules(ruleset, observations)
        if not opts.quick:
            report.findings += _validity(store, spec_obs)
        report.findings = _suppress(report.findings, opts)
        if not opts.quick and not opts.offline:
            _record_history(store, observations, opts.keep)
        if opts.update_snapshots:
            _save(store, observations)
    report.findings.sort(key=lambda f: (-f.severity.rank, f.official_url, f.code, f.fingerprint))
    report.duration_ms = int((time.perf_counter() - t0) * 1000)
    return report


# -- observing ------------------------------------------------------------------------------
def _from_store(store: SnapshotStore, source: Source, report: Report) -> Observation:
    entry = store.entry(source.id)
    content = store.load(source.id, source.kind) if entry else None
    obs = Observation(source=source, fetched=None, content=content, sha256=entry.sha256 if entry else None)
    if entry is None:
        obs.status = SourceStatus.ERROR
        obs.findings.append(Finding(kind=Kind.FETCH, code="snapshot-missing", severity=Severity.WARNING,
                                    message=f"{source.id}: no stored snapshot to check offline",
                                    official_url=source.url, location=Location(source=source.id)))
    elif source.kind == "spec":
        age = datetime.now(timezone.utc) - datetime.fromisoformat(entry.fetched_at)
        report.notes.append(f"offline: using the snapshot in {store.dir}, fetched {_age(age.total_seconds())} ago")
    return obs


def _age(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{int(seconds)} s"


def _observe(store: SnapshotStore, sources: list[Source], opts: CheckOptions) -> list[Observation]:
    from checker.fetch.client import FetchOptions, FetchRequest, fetch_all
    from checker.models import Conditional

    requests = []
    for s in sources:
        entry = store.entry(s.id)
        cond = Conditional(entry.etag, entry.last_modified) if entry else Conditional()
        requests.append(FetchRequest(source_id=s.id, url=s.url, fallback_urls=s.fallback_urls, conditional=cond))
    fetched = fetch_all(requests, FetchOptions(base_url=opts.base_url, timeout=opts.timeout, progress=opts.progress))
    return [_normalise(store, s, f) for s, f in zip(sources, fetched)]


def _normalise(store: SnapshotStore, source: Source, fetched: Fetched) -> Observation:
    obs = Observation(source=source, fetched=fetched)
    entry = store.entry(source.id)
    if fetched.not_modified and entry is not None:
        obs.content = store.load(source.id, source.kind)
        obs.sha256 = entry.sha256
        return obs
    if not fetched.ok or fetched.body is None:
        gone = fetched.http_status in (404, 410)
        code = "page-gone" if gone and source.kind == "page" else (fetched.error_code or "fetch-failed")
        severity = Severity.ERROR if gone else Severity.WARNING
        obs.status = SourceStatus.GONE if gone else SourceStatus.ERROR
        obs.findings.append(_fetch_finding(source, fetched, code, f"{source.id}: {fetched.error or 'fetch failed'}",
                                           severity))
        return _fall_back_to_store(store, obs)
    try:
        obs.content, obs.sha256 = _parse(source, fetched)
    except _Suspicious as exc:
        obs.status = SourceStatus.ERROR
        obs.findings.append(_fetch_finding(source, fetched, exc.code, f"{source.id}: {exc.reason}"))
        return _fall_back_to_store(store, obs)
    obs.fresh = True
    if entry is None:
        obs.status = SourceStatus.NEW
    elif fetched.moved:
        obs.status = SourceStatus.MOVED
    elif entry.sha256 != obs.sha256:
        obs.status = SourceStatus.CHANGED
    if fetched.moved and source.kind == "page":
        obs.findings.append(Finding(
            kind=Kind.PAGE, code="page-moved", severity=Severity.WARNING,
            message=f"{source.id} moved: {source.url} now redirects to {fetched.final_url}",
            official_url=fetched.final_url, location=Location(source=source.id),
            before=source.url, after=fetched.final_url))
    return obs


class _Suspicious(Exception):
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


def _parse(source: Source, fetched: Fetched) -> tuple[Any, str]:
    assert fetched.body is not None
    if source.kind == "spec":
        from checker.errors import InputError
        from checker.api.document import parse_spec, spec_sha256

        try:
            spec = parse_spec(fetched.body, fetched.final_url)
        except InputError as exc:
            raise _Suspicious("spec-unreadable", exc.message) from exc
        return spec, spec_sha256(spec)
    from checker.normalise import NotDocs, normalise_page

    try:
        page = normalise_page(fetched.body, fetched.content_type, source.selector, fetched.final_url)
    except NotDocs as exc:
        raise _Suspicious(exc.code, f"not a docs page ({exc.reason}); the snapshot was kept") from exc
    return page, page_sha(page)


def _fall_back_to_store(store: SnapshotStore, obs: Observation) -> Observation:
    entry = store.entry(obs.source.id)
    if entry is not None:
        obs.content = store.load(obs.source.id, obs.source.kind)
        obs.sha256 = entry.sha256
    return obs


# -- comparing ------------------------------------------------------------------------------
def _diff(store: SnapshotStore, obs: Observation, open_enums: tuple[str, ...]) -> list[Finding]:
    entry = store.entry(obs.source.id)
    if not obs.fresh or entry is None or entry.sha256 == obs.sha256:
        return []
    if obs.source.kind == "spec":
        from checker.diff.spec import diff_specs

        old = store.load_spec()
        return diff_specs(old, obs.content, open_enums=open_enums) if old is not None else []
    from checker.diff.pages import diff_pages

    old_page = store.load_page(obs.source.id)
    return diff_pages(obs.source.id, old_page, obs.content, obs.current_url) if old_page is not None else []


def _evaluate_rules(ruleset: Any, observations: list[Observation]) -> list[Finding]:
    if ruleset is None:
        return []
    from checker.rules import evaluate

    spec = observations[0].content
    pages = {o.source.id: o.content for o in observations[1:]}
    urls = {o.source.id: o.current_url for o in observations[1:]}
    return evaluate(ruleset, spec=spec, pages=pages, page_urls=urls)


def _validity(store: SnapshotStore, spec_obs: Observation) -> list[Finding]:
    from checker.api.validity import check_validity

    return check_validity(spec_obs.content, cache_dir=store.dir / ".cache" / "validity")


def _suppress(findings: list[Finding], opts: CheckOptions) -> list[Finding]:
    from datetime import date

    from checker.rules.suppress import apply_suppressions, load_suppressions

    suppressions = load_suppressions(rules_root(opts.rules_dir), opts.target)
    return apply_suppressions(findings, suppressions, date.today()) if suppressions else findings


def _source_result(obs: Observation) -> SourceResult:
    f = obs.fetched
    error = obs.findings[0].message if obs.status in (SourceStatus.ERROR, SourceStatus.GONE) and obs.findings else None
    return SourceResult(id=obs.source.id, url=obs.source.url, status=obs.status,
                        http_status=f.http_status if f else None, final_url=f.final_url if f else None,
                        sha256=obs.sha256, error=error)


# -- storing --------------------------------------------------------------------------------
def _record_history(store: SnapshotStore, observations: list[Observation], keep: int) -> None:
    """Keep the previous version of whatever a full run saw change (once per change)."""
    from checker.store.history import record_change

    for obs in observations:
        entry = store.entry(obs.source.id)
        if obs.fresh and entry is not None and entry.sha256 != obs.sha256:
            record_change(store.dir, obs.source.id, old_text=(store.dir / entry.file).read_text(encoding="utf-8"),
                          old_sha=entry.sha256, new_sha=obs.sha256 or "", seen_at=now_iso(), keep=keep)


def _save(store: SnapshotStore, observations: list[Observation]) -> None:
    """Record what this run saw; sources that failed or looked suspicious keep their old snapshot."""
    from checker.api.document import canonical_json
    from checker.store.pagetext import page_to_text

    for obs in observations:
        f = obs.fetched
        if f is None:
            continue
        if f.not_modified:
            store.touch(obs.source.id, fetched_at=now_iso())
            continue
        if not obs.fresh:
            continue
        sid = obs.source.id
        file = "openapi.json" if obs.source.kind == "spec" else page_file(sid)
        entry = Entry(url=obs.source.url, final_url=f.final_url, sha256=obs.sha256 or "", fetched_at=now_iso(),
                      file=file, status=f.http_status, etag=f.etag, last_modified=f.last_modified,
                      content_type=f.content_type)
        if obs.source.kind == "spec":
            store.save_spec(canonical_json(obs.content), entry)
        else:
            store.save_page(sid, page_to_text(obs.content, f.final_url), entry)
    store.write_manifest()
