"""Relevance of catalog findings: is the model one the integration uses, and does the change break
what it sends?

- used model, the change breaks what the integration sends -> error: the model is removed or
  already past its expiration date; it lost a parameter the integration sends (`tools`); it lost
  an input modality the integration sends (image parts) or an output modality it asks for.
- used model, expiring later, aliased, context or max tokens shrank, a price changed -> warning.
- used model, anything else (a parameter it does not send lost, something gained) -> info.
- a provider removed from GET /providers that the traffic pins (provider.order / only) -> warning.
- a model the integration does not use -> info, `context`; `group_unused` folds those into one
  finding per change kind ("12 unused models changed price") listing the model ids.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from functools import cache
from typing import TYPE_CHECKING, Any

from checker.models import Finding, Kind, Location, Severity
from checker.profile.model import FIELD, MODEL, VALUE, Fact, Profile

if TYPE_CHECKING:
    from checker.profile.relevance import Verdict



@cache
def input_fields() -> dict[str, set[str]]:
    """Body field names whose presence means the integration sends that input modality: the content
    parts' asset keys (image_url, ... — also inside Responses API input_image parts), and text.
    Read from comply on first use: comply (and its JSON Schema engine) stays off the quick path."""
    from checker.comply.openrouter import ASSET_PARTS

    return {"text": {"messages", "prompt", "input"},
            **{modality: {key for key, *_, m in ASSET_PARTS.values() if m == modality}
               for *_, modality in ASSET_PARTS.values()}}


# parameters a model lists under another name than the body field
PARAMETER_FIELDS = {"max_tokens": {"max_tokens", "max_completion_tokens"}}
PINNING = {"provider.order", "provider.only"}  # body fields whose values pin providers
WARN_ON_USE = {"catalog-model-expiring", "catalog-model-aliased", "catalog-context-decreased",
               "catalog-max-tokens-decreased", "catalog-price-changed", "catalog-price-free-to-paid",
               "catalog-price-paid-to-free"}
GROUPED_WHAT = {
    "catalog-model-removed": "were removed", "catalog-model-expiring": "got an expiration date",
    "catalog-model-aliased": "became aliases", "catalog-parameter-removed": "lost a supported parameter",
    "catalog-parameter-added": "gained a supported parameter", "catalog-modality-removed": "lost a modality",
    "catalog-modality-added": "gained a modality", "catalog-context-decreased": "have a shorter context",
    "catalog-max-tokens-decreased": "have lower max completion tokens", "catalog-price-changed": "changed price",
    "catalog-price-free-to-paid": "now cost money", "catalog-price-paid-to-free": "are now free",
}


def model_of(finding: Finding) -> str | None:
    """The model id of a per-model catalog finding: the first token of its pointer."""
    pointer = finding.location.pointer or ""
    if not pointer.startswith("/"):
        return None
    return pointer[1:].split("/", 1)[0].replace("~1", "/").replace("~0", "~")


def classify_catalog(finding: Finding, profile: Profile) -> tuple[str, list[Fact], Severity]:
    """(relevance, the facts behind it, severity) of one catalog finding."""
    if finding.code == "catalog-provider-removed":
        pins = _pins(finding, profile)
        return ("used", pins, Severity.WARNING) if pins else ("context", [], Severity.INFO)
    model_id = model_of(finding)
    models = [f for f in profile.of_kind(MODEL) if f.name == model_id]
    if not models:
        return "context", [], Severity.INFO
    sent = _sent_facts(finding, profile)
    if sent is not None:
        return "used", models + sent, Severity.ERROR if sent else Severity.INFO
    if finding.code == "catalog-model-removed" or (finding.code == "catalog-model-expiring" and _past(finding.after)):
        return "used", models, Severity.ERROR
    return "used", models, Severity.WARNING if finding.code in WARN_ON_USE else Severity.INFO


def _pins(finding: Finding, profile: Profile) -> list[Fact]:
    """The provider.order / provider.only values (slug or name, any case) naming a removed provider."""
    names = {str(v).lower() for v in (finding.before or {}).values() if v} if isinstance(finding.before, dict) else set()
    return [v for v in profile.of_kind(VALUE) if v.scope in PINNING and v.name.lower() in names]


def _sent_facts(finding: Finding, profile: Profile) -> list[Fact] | None:
    """For a lost parameter or modality: the facts showing the integration sends it ([] when it
    does not); None for other changes."""
    lost = _lost(finding)
    if lost is None:
        return None
    field, name = lost
    fields = list(profile.of_kind(FIELD))
    if field == "supported_parameters":
        names = PARAMETER_FIELDS.get(name, {name})
        return [f for f in fields if f.name.split(".", 1)[0] in names]
    if field == "input_modalities":
        names = input_fields().get(name, {name})
        return [f for f in fields if names & set(f.name.split("."))]
    return [v for v in profile.of_kind(VALUE) if v.name == name and (v.scope or "").split(".")[0] == "modalities"]


def _lost(finding: Finding) -> tuple[str, str] | None:
    """(catalog field, the one name it lost) of a parameter/modality removal."""
    if finding.code not in ("catalog-parameter-removed", "catalog-modality-removed", "catalog-endpoint-parameter-lost"):
        return None
    field = (finding.location.pointer or "").rsplit("/", 1)[-1]
    gone = sorted(set(_strings(finding.before)) - set(_strings(finding.after)))
    named = [g for g in gone if f"'{g}'" in finding.message]
    return (field, named[0]) if named else None


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _past(when: Any) -> bool:
    try:
        day = date.fromisoformat(str(when)[:10])
    except ValueError:
        return False
    return day <= datetime.now(timezone.utc).date()


def group_unused(findings: list[Finding]) -> list[Finding]:
    """Unused-model catalog findings (info, `context`) as one finding per code when there are
    several, in the place of the first; everything else unchanged."""
    unused: dict[str, list[int]] = {}
    for index, f in enumerate(findings):
        if f.kind == Kind.CATALOG and f.relevance == "context" and f.code in GROUPED_WHAT:
            unused.setdefault(f.code, []).append(index)
    groups = {at[0]: _group([findings[i] for i in at]) for at in unused.values() if len(at) > 1}
    folded = {i for at in unused.values() if len(at) > 1 for i in at[1:]}
    return [groups.get(i, f) for i, f in enumerate(findings) if i not in folded]


def _group(members: list[Finding]) -> Finding:
    from checker.sources.catalog_diff import CATALOG_PAGE, listed

    first, ids = members[0], [model_of(f) or "" for f in members]
    return Finding(kind=Kind.CATALOG, code=first.code, severity=Severity.INFO,
                   message=f"{len(ids)} unused models {GROUPED_WHAT[first.code]}: {listed(ids)}",
                   official_url=CATALOG_PAGE, location=Location(source=first.location.source), after=ids,
                   relevance="context", count=len(ids), locations=tuple(f.location for f in members))


def used_models(snapshots: Any, target: str) -> tuple[str, ...]:
    """The model ids of the learned profile (what captures and payloads sent), for the catalog
    source to fetch their endpoints; () without one (a broken profile is reported by relevance)."""
    from checker.errors import InputError
    from checker.profile.model import load_profile, profile_path

    try:
        learned = load_profile(profile_path(snapshots, target))
    except InputError:
        return ()
    return tuple(sorted(f.name for f in learned.of_kind(MODEL))) if learned else ()


def with_code_models(profile: Profile, findings: list[Finding], root: Any) -> Profile:
    """`--code DIR`: the profile plus, as used models, the catalog findings' model ids that a
    string literal of the integration's source names (file:line origins); `profile` is not changed."""
    from checker.profile.code_scan import scan
    from checker.profile.model import CODE, Origin

    ids = {m for f in findings if f.kind == Kind.CATALOG and (m := model_of(f))}
    hits = scan(root, ids) if ids else {}
    if not hits:
        return profile
    out = Profile().merge(profile)
    for model_id in sorted(ids):
        for file, line in hits.get(model_id.lower(), []):
            out.add(Fact(MODEL, model_id), Origin(CODE, file, line))
    return out


def relevance_of(finding: Finding, profile: Profile) -> Verdict:
    """relevance.classify's verdict for a catalog finding."""
    from checker.profile.relevance import Verdict, because

    relevance, facts, severity = classify_catalog(finding, profile)
    return Verdict(relevance, because(profile, facts), severity)

