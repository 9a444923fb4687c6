"""What a run knows of each source (Observation) and how it learns it: the stored copy read, the
conditional request sent (early, from the manifest, then the run's own), the answer normalised into
content, or the store used when offline or when a fetch fails."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field
from msgspec.structs import replace

from checker.models import Fetched, Finding, Kind, Location, Report, Severity, Source, SourceStatus
from checker.sources.kind import SourceKind, Unreadable, kind_of
from checker.store.snapshots import Entry, SnapshotStore, Stored

if TYPE_CHECKING:
    from checker.pipeline import CheckOptions


class Observation(Struct):
    """What a run knows of one source: the fresh content, or the stored one, or nothing."""

    source: Source
    stored: Stored
    fetched: Fetched | None = None
    content: Any = None
    fresh: bool = False  # content came from this run's fetch (not the store)
    sha256: str | None = None
    body_key: str | None = None  # of the fetched body this run parsed (checker.store.bodies)
    status: str = SourceStatus.UNCHANGED
    findings: list[Finding] = field(default_factory=list)

    @property
    def kind(self) -> SourceKind:
        return kind_of(self.source.kind)

    @property
    def current_url(self) -> str:
        return self.fetched.final_url if self.fetched and self.fetched.ok else self.source.url

    @property
    def reached(self) -> bool:
        return self.fresh or bool(self.fetched and self.fetched.not_modified and self.content is not None)

    @property
    def changed(self) -> bool:
        return self.fresh and self.stored.usable and self.stored.entry.sha256 != self.sha256


def fetch_finding(source: Source, fetched: Fetched | None, code: str, message: str,
                   severity: Severity = Severity.WARNING) -> Finding:
    return Finding(kind=Kind.FETCH, code=code, severity=severity, message=message,
                   official_url=source.url, location=Location(source=source.id),
                   after=fetched.final_url if fetched and fetched.moved else None)


def check_stored(obs: Observation) -> None:
    if obs.stored.corrupt:
        obs.findings.append(fetch_finding(
            obs.source, None, "snapshot-corrupt",
            f"{obs.source.id}: stored snapshot unusable ({obs.stored.corrupt}); fetched afresh, "
            "`checker snapshot` records it again"))


def use_store(observations: list[Observation], store: SnapshotStore, report: Report) -> None:
    for obs in observations:
        if obs.stored.usable:
            obs.content, obs.sha256 = obs.stored.content, obs.stored.entry.sha256
        else:
            obs.status = SourceStatus.ERROR
            if not obs.stored.corrupt:
                obs.findings.append(fetch_finding(obs.source, None, "snapshot-missing",
                                                  f"{obs.source.id}: no stored snapshot to check offline"))
    first = oldest([o for o in observations if o.stored.usable])
    if first is not None:
        report.notes.append(f"offline: using the snapshot in {store.dir}, fetched {age(first)} ago")


def oldest(observations: list[Observation]) -> datetime | None:
    stamps = [datetime.fromisoformat(o.stored.entry.fetched_at) for o in observations if o.stored.usable]
    return min(stamps) if stamps else None


def age(when: datetime) -> str:
    seconds = (datetime.now(timezone.utc) - when).total_seconds()
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{int(seconds)} s"


def observe(observations: list[Observation], opts: CheckOptions, store: SnapshotStore) -> None:
    from checker.fetch.probe import fetch_all
    from checker.fetch.request import FetchOptions
    from checker.store.bodies import read_bodies, write_bodies

    # a corrupt snapshot: fetch unconditionally
    requests = [request_for(obs.source, obs.stored.entry if obs.stored.usable else None) for obs in observations]
    if opts.progress is not None and hasattr(opts.progress, "expect"):
        opts.progress.expect(r.source_id for r in requests)  # the line names what it still waits on
    options = FetchOptions(base_url=opts.base_url, timeout=opts.timeout, progress=opts.progress,
                           used_models=_used_models(observations, opts))
    fetched = fetch_all(requests, options, opts.probe)  # the probe's 304s, the client for the rest
    bodies = read_bodies(store.dir)
    for obs, f in zip(observations, fetched):
        _normalise(obs, obs.kind.complete(obs.source, f, replace(options, progress=None)), bodies.get(obs.source.id))
    seen = {o.source.id: (o.body_key, o.sha256) for o in observations if o.fresh and o.body_key and o.sha256}
    if store.dir.is_dir() and any(bodies.get(sid) != pair for sid, pair in seen.items()):
        write_bodies(store.dir, {**bodies, **seen})


def _used_models(observations: list[Observation], opts: CheckOptions) -> tuple[str, ...]:
    """The learned profile's model ids when a catalog source is observed (it fetches their endpoints)."""
    if not any(o.source.kind == "catalog" for o in observations):
        return ()
    from checker.profile.catalog_relevance import used_models

    return used_models(opts.snapshots_dir, opts.target)


def request_for(source: Source, entry: Entry | None) -> Any:
    from checker.fetch.request import FetchRequest
    from checker.models import Conditional

    cond = Conditional(entry.etag, entry.last_modified) if entry else Conditional()
    return FetchRequest(source_id=source.id, url=source.url, fallback_urls=source.fallback_urls, conditional=cond,
                        authorized=kind_of(source.kind).authorized)


def ask_early(store: SnapshotStore, sources: list[Source], opts: CheckOptions) -> None:
    """Send the requests the manifest implies before the store is read under its lock, so that their
    latency overlaps the reading. A guess: `observe` builds the run's requests from what it read,
    and the probe answers only a request that is the same (a corrupt file's is sent again, bare)."""
    if opts.probe is not None and not opts.offline:
        entries = store.unlocked_entries()
        opts.probe.ask([request_for(s, entries.get(s.id)) for s in sources])


def _normalise(obs: Observation, fetched: Fetched, known_body: tuple[str, str] | None = None) -> None:
    obs.fetched, source, kind = fetched, obs.source, obs.kind
    if fetched.not_modified and obs.stored.usable:
        obs.content, obs.sha256 = obs.stored.content, obs.stored.entry.sha256
        if fetched.moved:  # an ETag server answers the redirected conditional request with 304
            if fetched.moved_from(obs.stored.entry.final_url):
                obs.status = SourceStatus.MOVED
            obs.findings += kind.moved(source, fetched, obs.stored.entry.final_url)
        return
    if not fetched.ok or fetched.body is None:
        gone = fetched.http_status in (404, 410)
        code = kind.gone_code if gone and kind.gone_code else (fetched.error_code or "fetch-failed")
        obs.status = SourceStatus.GONE if gone else SourceStatus.ERROR
        obs.findings.append(fetch_finding(source, fetched, code, f"{source.id}: {fetched.error or 'fetch failed'}",
                                          Severity.ERROR if gone else Severity.WARNING))
        return _fall_back_to_store(obs)
    obs.body_key = _body_key(source, fetched)
    if obs.stored.usable and known_body == (obs.body_key, obs.stored.entry.sha256):
        obs.content, obs.sha256 = obs.stored.content, obs.stored.entry.sha256  # the same bytes as last time
    else:
        try:
            obs.content = kind.parse(source, fetched)
        except Unreadable as exc:
            obs.status = SourceStatus.ERROR
            obs.findings.append(fetch_finding(source, fetched, exc.code, f"{source.id}: {exc.reason}"))
            return _fall_back_to_store(obs)
        obs.sha256 = kind.sha256(obs.content)
    obs.fresh = True
    if not obs.stored.usable:
        obs.status = SourceStatus.NEW
    elif fetched.moved and fetched.moved_from(obs.stored.entry.final_url):  # not when the snapshot has it
        obs.status = SourceStatus.MOVED
    elif obs.stored.entry.sha256 != obs.sha256:
        obs.status = SourceStatus.CHANGED
    if fetched.final_url in source.fallback_urls:
        obs.findings.append(fetch_finding(
            source, fetched, "fetch-fallback-used",
            f"{source.id}: {source.url} failed; read from the fallback {fetched.final_url}", Severity.INFO))
    elif fetched.moved:
        obs.findings += kind.moved(source, fetched, obs.stored.entry.final_url if obs.stored.usable else None)


def _body_key(source: Source, fetched: Fetched) -> str:
    """Everything a kind's parse reads, hashed (with the checker version: a new normaliser parses again)."""
    from checker.store.parsed import content_key

    return content_key([source.kind, repr(source.selector), fetched.final_url, fetched.content_type or "",
                        fetched.body or b""])


def _fall_back_to_store(obs: Observation) -> None:
    if obs.stored.usable:
        obs.content, obs.sha256 = obs.stored.content, obs.stored.entry.sha256
