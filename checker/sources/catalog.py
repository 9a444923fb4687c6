"""The model catalog (GET /api/v1/models) as a source: every page followed, one compact record
per model id (one JSON line each, sorted, so git diffs name the model), diffed per model."""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from msgspec.structs import replace

from checker.models import Fetched, Finding, Source
from checker.sources.kind import DiffContext, SourceKind, Unreadable, register

MAX_PAGES = 50
Record = dict[str, Any]


def strings(value: Any) -> list[str]:
    if type(value) is not list:
        return []
    return sorted(set(value) if all(type(v) is str for v in value) else {v for v in value if type(v) is str})


def integer(value: Any) -> int | None:
    return value if type(value) is int else None


def text(value: Any) -> str | None:
    return value if type(value) is str else None


def scalar_map(value: Any) -> dict[str, Any]:
    if type(value) is not dict:
        return {}
    return {str(k): v for k, v in value.items() if type(v) in (str, int, float)}


def prices(value: Any) -> dict[str, str]:
    return {k: v if type(v) is str else str(v) for k, v in scalar_map(value).items()}


def mapping(value: Any) -> dict[str, Any]:
    return value if type(value) is dict else {}


def normalise_model(entry: dict[str, Any]) -> Record:
    """The fields that matter to a client, each in one well-defined shape (bad data -> absent)."""
    get = entry.get
    arch, top, alias = mapping(get("architecture")), mapping(get("top_provider")), mapping(get("alias_target"))
    return {
        "id": entry["id"],
        "name": text(get("name")),
        "canonical_slug": text(get("canonical_slug")),
        "context_length": integer(get("context_length")),
        "max_completion_tokens": integer(top.get("max_completion_tokens")),
        "input_modalities": strings(arch.get("input_modalities")),
        "output_modalities": strings(arch.get("output_modalities")),
        "supported_parameters": strings(get("supported_parameters")),
        "pricing": prices(get("pricing")),
        "expiration_date": text(get("expiration_date")),
        "alias_target": text(alias.get("slug")),
        "per_request_limits": scalar_map(get("per_request_limits")) or None,
        "default_parameters": scalar_map(get("default_parameters")) or None,
    }


def model_object(record: Record) -> dict[str, Any]:
    """A record back in the shape of the API's `Model` (for the stub's GET /models)."""
    return {
        "id": record["id"], "canonical_slug": record.get("canonical_slug") or record["id"],
        "name": record.get("name") or record["id"], "created": 0, "description": "",
        "context_length": record.get("context_length"), "pricing": record.get("pricing") or {},
        "architecture": {"input_modalities": record.get("input_modalities") or [],
                         "output_modalities": record.get("output_modalities") or []},
        "top_provider": {"context_length": record.get("context_length"),
                         "max_completion_tokens": record.get("max_completion_tokens"), "is_moderated": False},
        "per_request_limits": record.get("per_request_limits"),
        "supported_parameters": record.get("supported_parameters") or [],
        "default_parameters": record.get("default_parameters"), "supported_voices": None,
        "expiration_date": record.get("expiration_date"),
        "links": {"details": f"/api/v1/models/{record['id']}/endpoints"},
        **({"alias_target": {"slug": record["alias_target"], "name": record["alias_target"]}}
           if record.get("alias_target") else {}),
    }


def normalise_catalog(data: Any) -> dict[str, Record]:
    """A models list response ({"data": [...]}, or the bare list) -> {model id: record}."""
    entries = data.get("data") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise ValueError("expected the models list JSON ({\"data\": [...]})")
    return {e["id"]: normalise_model(e) for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}


def _page(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("data"), list) else None


def _next_url(page: dict[str, Any], url: str, seen: int) -> str | None:
    """`links.next`, else offset/limit while `total_count` says more models remain."""
    links = page.get("links")
    nxt = links.get("next") if isinstance(links, dict) else None
    if isinstance(nxt, str) and nxt:
        return urljoin(url, nxt)
    total, size = integer(page.get("total_count")), len(page["data"])
    if total is not None and size and seen < total:
        return urljoin(url, f"?offset={seen}&limit={size}")
    return None


def follow_pages(source: Source, first: Fetched, options: Any) -> Fetched:
    """Fetch every further page through the one client; one failed page fails the whole catalog
    (a partial list would read as mass removals), with the page's own error."""
    from checker.fetch.client import fetch_url
    from checker.urls import origin_of

    page = _page(first.body or b"") if first.ok and first.body is not None else None
    if page is None:
        return first
    models, size, url, seen_urls = list(page["data"]), len(first.body or b""), first.final_url, {first.final_url}
    while (nxt := _next_url(page, url, len(models))) is not None:
        problem = None
        if origin_of(nxt) != origin_of(source.url):
            problem = ("fetch-redirect-offhost", f"the next page {nxt} is on another host; not followed.")
        elif nxt in seen_urls or len(seen_urls) >= MAX_PAGES:
            problem = ("fetch-redirect-loop", f"pagination does not end (next page {nxt}).")
        got = None if problem else fetch_url(nxt, options=options, authorized=True)
        if got is not None and got.ok:
            size += len(got.body or b"")
            page = _page(got.body or b"")
            if size > options.max_bytes:
                problem = ("fetch-too-large", f"the pages together are over the {options.max_bytes}-byte limit.")
            elif page is None:
                problem = ("catalog-unreadable", f"page {nxt} is not a models list.")
        if problem or got is None or not got.ok:
            code, message = problem or (got.error_code or "fetch-http-error", got.error or "fetch failed")
            return replace(first, body=None, error=f"catalog page {len(seen_urls) + 1}: {message}", error_code=code)
        models += page["data"]
        seen_urls.add(nxt)
        url = nxt
    if len(seen_urls) == 1:
        return first
    # The first page's validators do not cover the others: no conditional request next time.
    return replace(first, body=json.dumps({"data": models}).encode(), etag=None, last_modified=None)


def json_lines(records: dict[str, Record]) -> str:
    """One compact JSON line per record, sorted by key: a git diff names the model (or provider)."""
    return "".join(json.dumps(records[k], sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
                   for k in sorted(records))


def read_json_lines(text: str) -> list[tuple[int, Any]]:
    """What json_lines wrote: (line number, value) of each line that is not blank. Split at "\n"
    only: its text is not escaped, and str.splitlines also ends a line at NEL or U+2028 in a value."""
    return [(n, json.loads(line)) for n, line in enumerate(text.split("\n"), 1) if line.strip()]


class CatalogKind(SourceKind):
    name = "catalog"
    extension = "jsonl"
    authorized = True

    def complete(self, source: Source, fetched: Fetched, options: Any) -> Fetched:
        from checker.fetch.client import fetch_url
        from checker.sources.catalog_endpoints import fetch_endpoints

        used = getattr(options, "used_models", ())
        if used and fetched.not_modified:
            # Validators stored before the integration used these models: fetch the list once in
            # full with their endpoints (stored without validators from then on).
            again = fetch_url(source.url, options=options, authorized=True)
            fetched = replace(again, source_id=fetched.source_id, etag=None, last_modified=None)
        fetched = follow_pages(source, fetched, options)
        page = _page(fetched.body) if used and fetched.ok and fetched.body else None
        return fetch_endpoints(source, fetched, page["data"], options) if page else fetched

    def parse(self, source: Source, fetched: Fetched) -> Any:
        from checker.sources.catalog_endpoints import normalise_endpoints

        page = _page(fetched.body or b"")
        if page is None:
            raise Unreadable("catalog-unreadable", "not a models list ({\"data\": [...]}); the snapshot was kept")
        catalog = normalise_catalog(page)
        for model_id, entries in mapping(page.get("endpoints")).items():
            if model_id in catalog and isinstance(entries, list):
                catalog[model_id]["endpoints"] = normalise_endpoints(entries)
        return catalog

    def dump(self, content: Any, url: str) -> str:
        return json_lines(content)

    def load(self, text: str) -> Any:
        models: dict[str, Record] = {}
        for n, record in read_json_lines(text):
            if record is None:
                continue
            if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                raise ValueError(f"line {n}: not a model record")
            models[record["id"]] = record
        return models

    def diff(self, source: Source, old: Any, new: Any, url: str, ctx: DiffContext) -> list[Finding]:
        from checker.sources.catalog_diff import diff_catalogs

        return diff_catalogs(source.id, old, new)


register(CatalogKind())
