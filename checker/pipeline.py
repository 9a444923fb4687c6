"""The drift run: read the store -> fetch -> normalise -> diff -> rules -> (store) -> Report.

Every source is handled through its kind (checker.sources.kind). One failed source never aborts
the run: it becomes a `fetch` finding, and rules about it use the stored snapshot when there is
one. The run stops (exit 2) when a required source has neither content nor snapshot, or when no
source at all could be fetched (unless --offline says to use the snapshot deliberately).
The store's lock is held only while reading or writing the store, never across network I/O.
"""
from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from msgspec import Struct
from msgspec.structs import replace

from checker.errors import SourceUnavailable
from checker.models import Finding, Kind, Location, Report, Severity, Source, SourceResult, SourceStatus, Target
from checker.observation import Observation, age, ask_early, check_stored, observe, oldest, use_store
from checker.profile.group import group_shared
from checker.sources.kind import DiffContext, RuleInputs, kind_of
from checker.sources.target import load_target, rules_root
from checker.store.snapshots import Deferred, Entry, SnapshotStore, Stored, Update, now_iso, resolve


class CheckOptions(Struct, frozen=True):
    """What a drift run is asked to do (the resolved flags of `checker check`)."""

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
    code: Path | None = None  # --code DIR: relate findings to the repository's source lines
    progress: Callable[[int, int, str], None] | None = None  # called after each fetched source
    on_wait: Callable[[str], None] | None = None  # told once when the store is locked by another run
    probe: Any = None  # a started checker.fetch.probe.Probe (commands/check.py starts it early), else one here


def select_sources(target: Target, quick: bool, rule_pages: set[str]) -> list[Source]:
    if not quick:
        return list(target.sources)
    wanted = rule_pages or {s.id for s in target.sources if s.quick}
    return [s for s in target.sources if kind_of(s.kind).in_quick(s, wanted)]


def _load_rules(opts: CheckOptions) -> Any:
    from checker.rules import load_rules

    return load_rules(rules_root(opts.rules_dir), opts.target)


def run_check(opts: CheckOptions) -> Report:
    started, t0 = datetime.now(timezone.utc), time.perf_counter()
    target = load_target(opts.target, opts.rules_dir)
    ruleset = _load_rules(opts)
    sources = select_sources(target, opts.quick, ruleset.pages_needed() if ruleset else set())
    store = SnapshotStore(opts.snapshots_dir, opts.target, on_wait=opts.on_wait)
    report = Report(mode=opts.mode or ("quick" if opts.quick else "full"), started_at=started, target=target.name)
    defer = opts.quick and not opts.offline and not opts.update_snapshots  # see _settle
    ask_early(store, sources, opts)
    observations = [Observation(s, stored) for s, stored in zip(sources, _read_store(store, sources, opts, defer))]
    if store.manifest_error:
        report.findings.append(Finding(kind=Kind.FETCH, code="snapshot-corrupt", severity=Severity.WARNING,
                                       message=f"{store.manifest_error}; a new baseline is recorded",
                                       official_url=target.origin, location=Location(source="manifest")))
    for obs in observations:
        check_stored(obs)
    recalled = None
    if opts.offline:
        use_store(observations, store, report)
    else:
        observe(observations, opts, store)
        recalled = _settle(observations, ruleset, opts, store)
    _require(observations, opts, report)
    ctx = DiffContext(open_enums=target.open_enums)
    for obs in observations:
        report.findings += obs.findings
        if obs.changed:
            report.findings += obs.kind.diff(obs.source, obs.stored.content, obs.content, obs.current_url, ctx)
        report.sources.append(_source_result(obs))
    if any(o.changed for o in observations):  # the docs stage reads changes; nothing changed: nothing to read
        from checker.docs import stage as docs_stage

        report.findings = docs_stage.apply(report.findings, observations, quick=opts.quick)  # prose with the diff
    report.findings += recalled if recalled is not None else _evaluate_rules(ruleset, observations)
    if not opts.quick:
        report.findings += _checks(store, observations)
    report.findings = _relevance(_suppress(report.findings, opts), ruleset, opts)
    report.findings = group_shared(report.findings)  # a shared component change: one finding
    _write_store(store, observations, opts)
    report.findings.sort(key=lambda f: (-f.severity.rank, f.official_url, f.code, f.fingerprint))
    report.duration_ms = int((time.perf_counter() - t0) * 1000)
    return report


# -- the store: read once under the shared lock, written once under the exclusive lock -----------
def _read_store(store: SnapshotStore, sources: list[Source], opts: CheckOptions, defer: bool) -> list[Stored]:
    if store.needs_recovery():
        with store.writing():
            store.recover()
    with store.reading():
        if opts.update_snapshots:
            store.rebuild()
        stored = [store.read(s, defer=defer) for s in sources]
    if opts.quick or opts.offline:  # the files' texts serve only a full run's history: 1.4 MB less held
        for one in stored:
            one.text = None
    return stored


def _write_store(store: SnapshotStore, observations: list[Observation], opts: CheckOptions) -> None:
    history = not opts.quick and not opts.offline and any(o.changed for o in observations)
    update = _update(observations) if opts.update_snapshots else Update()
    if not history and not update:
        return
    with store.writing():
        if history:
            _record_history(store, observations, opts.keep)
        if update:
            store.commit(update)


def _record_history(store: SnapshotStore, observations: list[Observation], keep: int) -> None:
    """Keep the previous version of whatever a full run saw change (once per change)."""
    from checker.store.history import record_change

    for obs in observations:
        if obs.changed:
            entry = obs.stored.entry
            record_change(store.dir, obs.source.id, old_text=obs.stored.text, old_sha=entry.sha256,
                          new_sha=obs.sha256 or "", seen_at=now_iso(), keep=keep,
                          ext=Path(entry.file).suffix.lstrip(".") or "txt")


def _update(observations: list[Observation]) -> Update:
    """What this run saw; sources that failed or looked suspicious keep their old snapshot."""
    update = Update()
    for obs in observations:
        f = obs.fetched
        if f is None:
            continue
        if f.not_modified and obs.stored.usable and f.moved_from(obs.stored.entry.final_url):
            entry = replace(obs.stored.entry, final_url=f.final_url, fetched_at=now_iso())  # same page, new URL
            update.files[obs.source.id] = (entry, obs.kind.dump(obs.content, f.final_url))
        elif f.not_modified and obs.stored.usable:
            update.touched[obs.source.id] = now_iso()
        elif obs.fresh:
            entry = Entry(url=obs.source.url, final_url=f.final_url, sha256=obs.sha256 or "", fetched_at=now_iso(),
                          file=obs.kind.store_file(obs.source), status=f.http_status, etag=f.etag,
                          last_modified=f.last_modified, content_type=f.content_type)
            update.files[obs.source.id] = (entry, obs.kind.dump(obs.content, f.final_url))
    return update




def _require(observations: list[Observation], opts: CheckOptions, report: Report) -> None:
    """Stop (exit 2) when the run cannot do its job; otherwise say what is stale."""
    for obs in observations:
        if obs.kind.required and obs.content is None:
            problem = next((f.message for f in obs.findings), "no stored snapshot")
            raise SourceUnavailable(
                f"the {obs.source.title or obs.source.id} is unavailable and there is no usable snapshot: {problem}",
                "check the network or --base-url, or record a baseline with `checker snapshot`")
    if opts.offline:
        return
    stale = [o for o in observations if not o.reached and o.content is not None]
    if observations and not any(o.reached for o in observations):
        if not stale:
            raise SourceUnavailable("no source could be fetched and there is no snapshot",
                                    "check the network or --base-url")
        newest = max(datetime.fromisoformat(o.stored.entry.fetched_at) for o in stale)
        raise SourceUnavailable(f"no source could be fetched; last good snapshot from {age(newest)} ago",
                                "pass --offline to check against it deliberately")
    if stale:
        report.notes.append(f"{len(stale)} source(s) checked against the snapshot from "
                            f"{oldest(stale).date().isoformat()}: {', '.join(o.source.id for o in stale)}")


def _evaluate_rules(ruleset: Any, observations: list[Observation]) -> list[Finding]:
    if ruleset is None:
        return []
    from checker.rules.memo import remembered

    def evaluate() -> list[Finding]:
        from checker.rules.evaluate import evaluate

        inputs = RuleInputs()
        for obs in observations:
            obs.kind.add_rule_inputs(inputs, obs.source, obs.content, obs.current_url)
        return evaluate(ruleset, spec=inputs.spec, pages=inputs.pages, page_urls=inputs.page_urls)

    identities = _identities(observations)
    if identities is None:  # no content hash to know it by: evaluate
        return evaluate()
    return remembered(ruleset, identities, evaluate)


def _identities(observations: list[Observation]) -> list[tuple[str, str, str, str]] | None:
    """What the rule memo knows the rules' inputs by (checker.rules.memo); None without a content hash."""
    read = [o for o in observations if o.content is not None]
    if any(o.sha256 is None for o in read):
        return None
    return [(o.source.id, o.source.kind, o.sha256 or "", o.current_url) for o in read]


# -- deferred stored content: parsed only when the run reads it ----------------------------------
def _settle(observations: list[Observation], ruleset: Any, opts: CheckOptions,
            store: SnapshotStore) -> list[Finding] | None:
    """The remembered rule findings when nothing changed and the rule memo knows this content: then
    the stored files are never parsed (a cold `--quick` on a fresh clone). Otherwise every deferred
    content is parsed now, before anything reads it, and None says: evaluate the rules."""
    if not any(isinstance(o.stored.content, Deferred) for o in observations):
        return None
    if ruleset is not None and not any(o.changed for o in observations):  # no diff, no docs stage
        from checker.rules.memo import recall

        identities = _identities(observations)
        recalled = recall(ruleset, identities) if identities is not None else None
        if recalled is not None:
            return recalled
    _materialise(observations, opts, store)
    return None


def _materialise(observations: list[Observation], opts: CheckOptions, store: SnapshotStore) -> None:
    """Parse every deferred content; a file that does not parse is corrupt, as when read eagerly:
    reported, and its source fetched again without validators."""
    broken = []
    for i, obs in enumerate(observations):
        if isinstance(obs.stored.content, Deferred):
            unread = obs.content is obs.stored.content
            obs.stored = resolve(obs.stored)
            if obs.stored.corrupt:
                observations[i] = Observation(obs.source, obs.stored)
                check_stored(observations[i])
                broken.append(observations[i])
            elif unread:
                obs.content = obs.stored.content
    if broken:
        observe(broken, opts, store)


def _checks(store: SnapshotStore, observations: list[Observation]) -> list[Finding]:
    cache = store.dir / ".cache" / "validity"
    return [f for o in observations if o.content is not None for f in o.kind.checks(o.content, cache)]


def _suppress(findings: list[Finding], opts: CheckOptions) -> list[Finding]:
    from datetime import date

    from checker.rules.suppress import apply_suppressions, load_suppressions

    suppressions = load_suppressions(rules_root(opts.rules_dir), opts.target)
    return apply_suppressions(findings, suppressions, date.today()) if suppressions else findings


def _relevance(findings: list[Finding], ruleset: Any, opts: CheckOptions) -> list[Finding]:
    """Severity by what the integration uses: the rules' facts, the learned profile, `--code`."""
    from checker.profile.alone import apply_verdicts, rule_failure, rule_verdict

    learned = Path(opts.snapshots_dir) / opts.target / "profile.json"  # checker.profile.model.profile_path
    if opts.code is None and ruleset is not None and ruleset.rules and not learned.exists() and \
            all(rule_failure(f) for f in findings):  # what relevance_stage makes of them, without the profile
        return apply_verdicts(findings, rule_verdict)
    from checker.profile import build_profile, relevance_stage

    profile = build_profile(opts.target, rules=ruleset, rules_dir=rules_root(opts.rules_dir),
                            snapshots=opts.snapshots_dir, code=opts.code)
    return relevance_stage(findings, profile, code=opts.code)


def _source_result(obs: Observation) -> SourceResult:
    f = obs.fetched
    error = obs.findings[0].message if obs.status in (SourceStatus.ERROR, SourceStatus.GONE) and obs.findings else None
    return SourceResult(id=obs.source.id, url=obs.source.url, status=obs.status,
                        http_status=f.http_status if f else None, final_url=f.final_url if f else None,
                        sha256=obs.sha256, error=error)
