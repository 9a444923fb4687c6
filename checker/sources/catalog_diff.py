"""Two normalised catalogs -> findings per model, each linking the model's page and the catalog
reference. Severities are the catalogue defaults; relevance (profile/catalog_relevance.py) adjusts them."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Iterator

from checker.codes import default_severity
from checker.models import Finding, Kind, Location
from checker.sources.catalog_endpoints import endpoint_changes

CATALOG_PAGE = "https://openrouter.ai/docs/api/api-reference/models/list-all-models-and-their-properties"
SHOWN = 10  # model ids a grouped finding names in its message (JSON `after` has them all)
Record = dict[str, Any]


def model_page(model_id: str) -> str:
    """https://openrouter.ai/<author>/<slug>; a variant suffix (':free') is not part of the page."""
    return f"https://openrouter.ai/{model_id.split(':')[0]}"


def diff_catalogs(source_id: str, old: dict[str, Record], new: dict[str, Record]) -> list[Finding]:
    out: list[Finding] = []
    for model_id in sorted(old.keys() - new.keys()):
        out.append(_removed(source_id, old[model_id]))
    for model_id in sorted(old.keys() & new.keys()):
        if old[model_id] != new[model_id]:
            out += [_finding(source_id, model_id, *args) for args in _changes(old[model_id], new[model_id])]
    return out + added_finding("catalog-models-added", "new model(s) in the catalog", sorted(new.keys() - old.keys()),
                               CATALOG_PAGE, source_id)


def added_finding(code: str, what: str, added: list[str], url: str, source_id: str) -> list[Finding]:
    """The ids that came since the snapshot, as one grouped finding (none when nothing came)."""
    if not added:
        return []
    return [Finding(kind=Kind.CATALOG, code=code, severity=default_severity(code),
                    message=f"{len(added)} {what}: {listed(added)}", official_url=url,
                    location=Location(source=source_id), after=added)]


def listed(ids: list[str]) -> str:
    more = len(ids) - SHOWN
    return ", ".join(ids[:SHOWN]) + (f" and {more} more" if more > 0 else "")


def _finding(source_id: str, model_id: str, code: str, message: str, before: Any, after: Any,
             field: str) -> Finding:
    return Finding(kind=Kind.CATALOG, code=code, severity=default_severity(code),
                   message=f"model '{model_id}': {message}", official_url=model_page(model_id),
                   location=Location(source=source_id, pointer=f"/{_escape(model_id)}/{field}"),
                   before=before, after=after)


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _removed(source_id: str, record: Record) -> Finding:
    expired = record.get("expiration_date")
    today = datetime.now(timezone.utc).date().isoformat()
    when = f"(expiration date {expired})" if expired else f"(missing since {today})"
    return _finding(source_id, record["id"], "catalog-model-removed",
                    f"removed from the catalog {when}; requests naming it will fail", record["id"], None, "id")


def _changes(old: Record, new: Record) -> Iterator[tuple]:
    if new.get("expiration_date") and new.get("expiration_date") != old.get("expiration_date"):
        yield ("catalog-model-expiring", f"expires on {new['expiration_date']}",
               old.get("expiration_date"), new["expiration_date"], "expiration_date")
    if new.get("alias_target") and new.get("alias_target") != old.get("alias_target"):
        yield ("catalog-model-aliased", f"is now an alias of '{new['alias_target']}'",
               old.get("alias_target"), new["alias_target"], "alias_target")
    yield from _sets(old, new, "supported_parameters", "parameter", "catalog-parameter")
    yield from _sets(old, new, "input_modalities", "input modality", "catalog-modality")
    yield from _sets(old, new, "output_modalities", "output modality", "catalog-modality")
    for field, what in (("context_length", "context length"), ("max_completion_tokens", "max completion tokens")):
        before, after = old.get(field), new.get(field)
        if isinstance(before, int) and isinstance(after, int) and after < before:
            code = "catalog-context-decreased" if field == "context_length" else "catalog-max-tokens-decreased"
            yield (code, f"{what} decreased {before} -> {after}", before, after, field)
    yield from _prices(old.get("pricing") or {}, new.get("pricing") or {})
    yield from endpoint_changes(old, new)


def _sets(old: Record, new: Record, field: str, what: str, prefix: str) -> Iterator[tuple]:
    before, after = set(old.get(field) or []), set(new.get(field) or [])
    for name in sorted(before - after):
        yield (f"{prefix}-removed", f"{what} '{name}' is no longer supported", sorted(before), sorted(after), field)
    for name in sorted(after - before):
        yield (f"{prefix}-added", f"{what} '{name}' is now supported", sorted(before), sorted(after), field)


def _price(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _prices(old: dict[str, Any], new: dict[str, Any]) -> Iterator[tuple]:
    was_free, now_free = is_free(old), is_free(new)
    if old and new and was_free is not None and now_free is not None and was_free != now_free:
        code = "catalog-price-free-to-paid" if not now_free else "catalog-price-paid-to-free"
        yield (code, "now costs money" if not now_free else "is now free", old, new, "pricing")
        return
    for unit in sorted(old.keys() & new.keys()):
        before, after = _price(old[unit]), _price(new[unit])
        if before is None or after is None or before == after:
            continue
        change = f" ({(after - before) / before * 100:+.0f}%)" if before else ""
        yield ("catalog-price-changed", f"{unit} price {old[unit]} -> {new[unit]} USD{change}",
               old[unit], new[unit], f"pricing/{unit}")


def is_free(pricing: dict[str, Any]) -> bool | None:
    """Free when every price it lists is zero (how OpenRouter's docs derive free models)."""
    prices = [_price(v) for k, v in pricing.items() if k != "discount"]
    if not prices or any(p is None for p in prices):
        return None
    return all(p == 0 for p in prices)
