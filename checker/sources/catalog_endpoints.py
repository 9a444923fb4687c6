"""The providers serving the models the integration uses (GET /api/v1/models/{author}/{slug}/endpoints):
fetched with the catalog for at most MAX_MODELS used models, one normalised list per model kept
in its catalog record (`endpoints`), and diffed: a parameter no provider supports any more, and
the providers that came or went."""
from __future__ import annotations

import json
from typing import Any, Iterator
from urllib.parse import quote, unquote

from msgspec.structs import replace

from checker.models import Fetched, Source

MAX_MODELS = 20  # endpoints requests per run: the used models, not the whole catalog
Record = dict[str, Any]
UNREADABLE = 'not an endpoints list ({"data": {"endpoints": [...]}})'


def endpoints_url(source: Source, model_id: str) -> str:
    return f"{source.url.rstrip('/')}/{quote(model_id, safe='/:')}/endpoints"


def fetch_endpoints(source: Source, fetched: Fetched, models: list[Any], options: Any) -> Fetched:
    """The catalog's Fetched with the used models' endpoints added to its body
    ({"data": [...], "endpoints": {id: [...]}}). One failed request fails the catalog (the old
    snapshot is kept, as for a failed page) with that request's error; a 404 or 410 leaves that
    model's providers unknown (a variant id such as ':free' may have no endpoints route)."""
    from checker.fetch.client import fetch_all
    from checker.fetch.request import FetchRequest

    listed = {m.get("id") for m in models if isinstance(m, dict)}
    wanted = [m for m in getattr(options, "used_models", ()) if m in listed][:MAX_MODELS]
    if not wanted:
        return fetched
    requests = [FetchRequest(source_id=m, url=endpoints_url(source, m), authorized=True) for m in wanted]
    found: dict[str, Any] = {}
    size = len(fetched.body or b"")
    for model_id, got in zip(wanted, fetch_all(requests, options)):
        if got.http_status in (404, 410):
            continue
        if not got.ok:
            return _failed(fetched, model_id, got.error_code or "fetch-http-error", got.error or "fetch failed")
        size += len(got.body or b"")
        if size > options.max_bytes:
            return _failed(fetched, model_id, "fetch-too-large",
                           f"the catalog and endpoints together are over the {options.max_bytes}-byte limit")
        endpoints = _endpoints_of(got.body)
        if endpoints is None:
            return _failed(fetched, model_id, "catalog-unreadable", UNREADABLE)
        found[model_id] = endpoints
    # The models list's validators do not cover the endpoints: no conditional request next time.
    body = json.dumps({"data": models, "endpoints": found}).encode()
    return replace(fetched, body=body, etag=None, last_modified=None)


def _failed(fetched: Fetched, model_id: str, code: str, why: str) -> Fetched:
    return replace(fetched, body=None, error=f"endpoints of {model_id}: {why}", error_code=code)


def _endpoints_of(body: bytes | None) -> list[Any] | None:
    try:
        data = json.loads(body or b"")
    except (ValueError, RecursionError):
        return None
    inner = data.get("data") if isinstance(data, dict) else None
    endpoints = inner.get("endpoints") if isinstance(inner, dict) else None
    return endpoints if isinstance(endpoints, list) else None


def normalise_endpoints(entries: list[Any]) -> list[Record]:
    """One record per provider endpoint (keyed by `tag`, else provider name), sorted; uptime and
    latency figures are left out: they change by the minute and say nothing about the contract."""
    from checker.sources.catalog import integer, prices, strings, text

    out: dict[str, Record] = {}
    for e in entries:
        if not isinstance(e, dict):
            continue
        key = text(e.get("tag")) or text(e.get("provider_name")) or text(e.get("name"))
        if key and key not in out:
            out[key] = {"provider": key, "provider_name": text(e.get("provider_name")),
                        "context_length": integer(e.get("context_length")),
                        "max_completion_tokens": integer(e.get("max_completion_tokens")),
                        "supported_parameters": strings(e.get("supported_parameters")),
                        "pricing": prices(e.get("pricing")),
                        "status": integer(e.get("status"))}
    return [out[k] for k in sorted(out)]


def endpoint_changes(old: Record, new: Record) -> Iterator[tuple]:
    """(code, message, before, after, field) of a model whose endpoints both versions know."""
    before, after = old.get("endpoints"), new.get("endpoints")
    if not isinstance(before, list) or not isinstance(after, list):
        return
    was, now = _supporting(before), _supporting(after)
    still_listed = set(new.get("supported_parameters") or [])
    for name in sorted(was.keys() - now.keys()):
        if name in still_listed:  # a parameter the model itself lost is catalog-parameter-removed
            yield ("catalog-endpoint-parameter-lost",
                   f"no provider supports parameter '{name}' any more (it had: {', '.join(was[name])})",
                   sorted(was), sorted(now), "endpoints/supported_parameters")
    names_before, names_after = [e["provider"] for e in before], [e["provider"] for e in after]
    if names_before != names_after:
        gone, came = sorted(set(names_before) - set(names_after)), sorted(set(names_after) - set(names_before))
        detail = "; ".join(x for x in (f"gone: {', '.join(gone)}" if gone else "",
                                       f"new: {', '.join(came)}" if came else "") if x)
        yield ("catalog-providers-changed", f"providers {len(names_before)} -> {len(names_after)} ({detail})",
               names_before, names_after, "endpoints")


def _supporting(endpoints: list[Record]) -> dict[str, list[str]]:
    """parameter -> the providers that support it."""
    out: dict[str, list[str]] = {}
    for e in endpoints:
        for name in e.get("supported_parameters") or []:
            out.setdefault(name, []).append(e["provider"])
    return out


def endpoints_answer(models: list[dict[str, Any]], model_id: str) -> tuple[int, str, bytes]:
    """The stub's GET /models/{author}/{slug}/endpoints: the model's one top provider, shaped like
    the spec's ListEndpointsResponse, from the `Model` objects it serves as GET /models."""
    wanted = unquote(model_id)
    found = next((m for m in models if m.get("id") == wanted), None)
    if found is None:
        message = f"model {wanted} is not in the catalog snapshot (checker stub)"
        return 404, "application/json", json.dumps({"error": {"code": 404, "message": message}}).encode()
    arch, top = found.get("architecture") or {}, found.get("top_provider") or {}
    inputs, outputs = arch.get("input_modalities") or [], arch.get("output_modalities") or []
    author = wanted.split("/", 1)[0]
    endpoint = {
        "name": f"{author}: {found.get('name')}", "model_id": wanted, "model_name": found.get("name"),
        "context_length": found.get("context_length") or 0, "pricing": found.get("pricing") or {},
        "provider_name": author.title(), "tag": author, "quantization": None,
        "max_completion_tokens": top.get("max_completion_tokens"), "max_prompt_tokens": None,
        "supported_parameters": found.get("supported_parameters") or [], "status": 0,
        "uptime_last_30m": None, "uptime_last_5m": None, "uptime_last_1d": None,
        "supports_implicit_caching": False, "latency_last_30m": None, "throughput_last_30m": None,
    }
    data = {"id": wanted, "name": found.get("name"), "created": found.get("created") or 0,
            "description": found.get("description") or "",
            "architecture": {"input_modalities": inputs, "output_modalities": outputs, "tokenizer": "Other",
                             "instruct_type": None, "modality": f"{'+'.join(inputs)}->{'+'.join(outputs)}"},
            "endpoints": [endpoint]}
    return 200, "application/json", json.dumps({"data": data}).encode()
