"""The providers list (GET /api/v1/providers) as a source: one line per provider slug, diffed into
providers removed (one finding each: relevance raises the ones the integration pins with
`provider.order` / `provider.only`) and providers added (one grouped finding)."""
from __future__ import annotations

import json
from typing import Any

from checker.codes import default_severity
from checker.models import Fetched, Finding, Kind, Location, Source
from checker.sources.catalog import json_lines, read_json_lines
from checker.sources.kind import DiffContext, SourceKind, Unreadable, register

PROVIDERS_PAGE = "https://openrouter.ai/docs/api/api-reference/providers/list-all-providers"
Record = dict[str, Any]


def normalise_providers(data: Any) -> dict[str, Record]:
    """{"data": [{"slug": ..., "name": ...}, ...]} -> {slug: {"slug", "name"}}; Unreadable otherwise."""
    entries = data.get("data") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise Unreadable("catalog-unreadable", "not a providers list ({\"data\": [...]}); the snapshot was kept")
    out: dict[str, Record] = {}
    for e in entries:
        slug = e.get("slug") if isinstance(e, dict) else None
        if isinstance(slug, str) and slug:
            out[slug] = {"slug": slug, "name": e["name"] if isinstance(e.get("name"), str) else None}
    return out


def diff_providers(source_id: str, old: dict[str, Record], new: dict[str, Record]) -> list[Finding]:
    from checker.sources.catalog_diff import added_finding

    out = [Finding(kind=Kind.CATALOG, code="catalog-provider-removed",
                   severity=default_severity("catalog-provider-removed"),
                   message=f"provider '{slug}' ({old[slug].get('name') or slug}) is no longer listed",
                   official_url=PROVIDERS_PAGE, location=Location(source=source_id, pointer=f"/{slug}"),
                   before=old[slug], after=None)
           for slug in sorted(old.keys() - new.keys())]
    return out + added_finding("catalog-providers-added", "new provider(s)", sorted(new.keys() - old.keys()),
                               PROVIDERS_PAGE, source_id)


class ProvidersKind(SourceKind):
    name = "catalog-providers"
    extension = "jsonl"

    def parse(self, source: Source, fetched: Fetched) -> Any:
        try:
            data = json.loads(fetched.body or b"")
        except (ValueError, RecursionError):
            data = None
        return normalise_providers(data)

    def dump(self, content: Any, url: str) -> str:
        return json_lines(content)

    def load(self, text: str) -> Any:
        return normalise_providers({"data": [value for _, value in read_json_lines(text)]})

    def diff(self, source: Source, old: Any, new: Any, url: str, ctx: DiffContext) -> list[Finding]:
        return diff_providers(source.id, old, new)


register(ProvidersKind())
