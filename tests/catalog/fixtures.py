"""Two versions of a small model catalog (shaped like the spec's `Model`), a spec fixture holding
that schema, and a loopback route serving a catalog in pages (links.next)."""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from checker.cli import main
from tests.loopback import LoopbackServer

# The spec fixture: the required fields and types of OpenRouter's Model / ModelsListResponse.
MODEL_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "canonical_slug", "name", "created", "pricing", "context_length", "architecture",
                 "top_provider", "per_request_limits", "supported_parameters", "default_parameters",
                 "supported_voices", "links"],
    "properties": {
        "id": {"type": "string"}, "canonical_slug": {"type": "string"}, "name": {"type": "string"},
        "created": {"type": "integer"}, "context_length": {"type": ["integer", "null"]},
        "expiration_date": {"type": ["string", "null"]},
        "pricing": {"type": "object", "required": ["prompt", "completion"],
                    "additionalProperties": {"type": ["string", "number"]}},
        "architecture": {"type": "object", "required": ["input_modalities", "output_modalities"],
                         "properties": {"input_modalities": {"type": "array", "items": {"type": "string"}},
                                        "output_modalities": {"type": "array", "items": {"type": "string"}}}},
        "top_provider": {"type": "object", "properties": {"max_completion_tokens": {"type": ["integer", "null"]}}},
        "supported_parameters": {"type": "array", "items": {"type": "string"}},
        "alias_target": {"type": "object", "required": ["slug", "name"]},
        "links": {"type": "object", "required": ["details"]},
    },
}
LIST_SCHEMA = {"type": "object", "required": ["data"],
               "properties": {"data": {"type": "array", "items": MODEL_SCHEMA}}}

PARAMS = ["max_tokens", "temperature", "tools", "response_format", "top_p"]


def model(model_id: str, *, prompt: str = "0.000001", completion: str = "0.000002", context: int = 128000,
          inputs: tuple[str, ...] = ("text",), outputs: tuple[str, ...] = ("text",),
          params: list[str] | None = None, max_tokens: int = 8192, **extra: Any) -> dict[str, Any]:
    return {
        "id": model_id, "canonical_slug": model_id, "name": model_id.split("/")[-1].title(), "created": 1700000000,
        "pricing": {"prompt": prompt, "completion": completion, "request": "0", "image": "0"},
        "context_length": context,
        "architecture": {"input_modalities": list(inputs), "output_modalities": list(outputs),
                         "modality": f"{'+'.join(inputs)}->{'+'.join(outputs)}", "tokenizer": "Other"},
        "top_provider": {"context_length": context, "max_completion_tokens": max_tokens, "is_moderated": False},
        "per_request_limits": None, "supported_parameters": list(PARAMS if params is None else params),
        "default_parameters": None, "supported_voices": None, "expiration_date": None,
        "links": {"details": f"/api/v1/models/{model_id}/endpoints"}, **extra,
    }


def catalog_v1() -> list[dict[str, Any]]:
    models = [model(f"vendor{i % 4}/model-{i}") for i in range(30)]
    models += [
        model("openai/gpt-4o-mini", inputs=("text", "image")),
        model("acme/retiring"),
        model("acme/old-name"),
        model("acme/vision", inputs=("text", "image")),
        model("acme/painter", outputs=("text", "image")),
        model("acme/long", context=200000, max_tokens=32000),
        model("acme/free:free", prompt="0", completion="0"),
        model("acme/cheap", prompt="0", completion="0"),
    ]
    return models


def catalog_v2() -> list[dict[str, Any]]:
    """Every kind of change against v1, one model each (ids say what changed)."""
    by_id = {m["id"]: copy.deepcopy(m) for m in catalog_v1()}
    del by_id["vendor0/model-0"]
    by_id["acme/retiring"]["expiration_date"] = "2027-01-31"
    by_id["acme/old-name"]["alias_target"] = {"slug": "acme/new-name", "name": "New name"}
    by_id["openai/gpt-4o-mini"]["supported_parameters"] = ["max_tokens", "temperature", "top_p", "seed"]
    by_id["acme/vision"]["architecture"]["input_modalities"] = ["text"]
    by_id["acme/painter"]["architecture"]["output_modalities"] = ["audio", "image", "text"]
    by_id["acme/long"]["context_length"] = 100000
    by_id["acme/long"]["top_provider"]["max_completion_tokens"] = 16000
    by_id["vendor1/model-1"]["pricing"]["prompt"] = "0.0000015"
    by_id["acme/free:free"]["pricing"]["completion"] = "0.000001"
    by_id["acme/cheap"]["pricing"] = {"prompt": "0", "completion": "0", "request": "0", "image": "0"}
    by_id["vendor2/model-2"]["pricing"] = {"prompt": "0", "completion": "0", "request": "0", "image": "0"}
    for i in range(3):
        by_id[f"newco/model-{i}"] = model(f"newco/model-{i}")
    return list(by_id.values())


def stub_models(models: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The catalog as the stub serves it: normalised records back in the API's `Model` shape."""
    from checker.sources.catalog import model_object, normalise_catalog

    records = normalise_catalog({"data": catalog_v1() if models is None else models})
    return [model_object(records[k]) for k in sorted(records)]


def paged(models: list[dict[str, Any]], size: int):
    """A route body: the catalog `size` models at a time, `links.next` until the last page."""
    def body(request: Any) -> str:
        query = parse_qs(request.query)
        offset = int(query.get("offset", ["0"])[0])
        page: dict[str, Any] = {"data": models[offset:offset + size], "total_count": len(models)}
        if offset + size < len(models):
            page["links"] = {"next": f"/api/v1/models?offset={offset + size}&limit={size}"}
        return json.dumps(page)
    return body


def serve_catalog(server: LoopbackServer, models: list[dict[str, Any]], size: int = 15, etag: bool = False) -> None:
    server.route("/api/v1/models", body=paged(models, size), content_type="application/json", etag=etag)


def _catalog_body() -> bytes:
    return json.dumps({"data": catalog_v1()}).encode()


CATALOG_SOURCE = """\
sources:
  - id: models
    kind: catalog
    url: https://openrouter.ai/api/v1/models
"""

CATALOG_BODY = _catalog_body()  # what the loopback mirrors of the bundled target serve


# The spec's ListEndpointsResponse / PublicEndpoint: required fields and the types that matter.
ENDPOINT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name", "model_id", "model_name", "context_length", "pricing", "provider_name", "tag",
                 "quantization", "max_completion_tokens", "max_prompt_tokens", "supported_parameters",
                 "uptime_last_30m", "uptime_last_5m", "uptime_last_1d", "supports_implicit_caching",
                 "latency_last_30m", "throughput_last_30m"],
    "properties": {"context_length": {"type": "integer"}, "max_completion_tokens": {"type": ["integer", "null"]},
                   "supported_parameters": {"type": "array", "items": {"type": "string"}},
                   "status": {"enum": [0, -1, -2, -3, -5, -10]}, "tag": {"type": "string"},
                   "uptime_last_30m": {"type": ["number", "null"]}},
}
ENDPOINTS_SCHEMA = {"type": "object", "required": ["data"], "properties": {"data": {
    "type": "object", "required": ["id", "name", "created", "description", "architecture", "endpoints"],
    "properties": {"endpoints": {"type": "array", "items": ENDPOINT_SCHEMA}}}}}


def endpoint(model_id: str, tag: str, params: list[str], context: int = 128000, uptime: float = 99.5) -> dict:
    return {
        "name": f"{tag}: {model_id}", "model_id": model_id, "model_name": model_id, "context_length": context,
        "pricing": {"prompt": "0.000001", "completion": "0.000002"}, "provider_name": tag.title(), "tag": tag,
        "quantization": "fp16", "max_completion_tokens": 8192, "max_prompt_tokens": None,
        "supported_parameters": params, "status": 0, "uptime_last_30m": uptime, "uptime_last_5m": 100,
        "uptime_last_1d": 99.8, "supports_implicit_caching": False,
        "latency_last_30m": {"p50": 0.25, "p75": 0.35, "p90": 0.48, "p99": 0.85}, "throughput_last_30m": None,
    }


def endpoints_body(model_id: str, endpoints: list[dict]) -> str:
    return json.dumps({"data": {
        "id": model_id, "name": model_id, "created": 1700000000, "description": "",
        "architecture": {"input_modalities": ["text"], "output_modalities": ["text"], "tokenizer": "Other",
                         "instruct_type": None, "modality": "text->text"},
        "endpoints": endpoints}})


def serve_endpoints(server: LoopbackServer, model_id: str, endpoints: list[dict]) -> None:
    server.route(f"/api/v1/models/{model_id}/endpoints", body=endpoints_body(model_id, endpoints),
                 content_type="application/json")


# -- captures of an integration, learned into its profile ----------------------------------------
CHAT = "https://openrouter.ai/api/v1/chat/completions"
TOOLS = [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}]
IMAGE = [{"type": "text", "text": "what is this?"},
         {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}]


def chat(model: str, content=None, **fields) -> dict:
    body = {"model": model, "messages": [{"role": "user", "content": content or "hi"}], **fields}
    return {"method": "POST", "url": CHAT, "headers": {"Content-Type": "application/json"}, "body": body}


def learn(work: Path, *requests: dict) -> None:
    """Write `requests` as captures and learn the integration profile from them, as a user would."""
    captures = work / "captures.jsonl"
    captures.write_text("".join(json.dumps(r) + "\n" for r in requests))
    main(["validate", "--captures", str(captures), "--learn", "--target", "site", "--rules", str(work / "rules"),
          "--snapshots", str(work / "snapshots"), "--format", "json", "--output", str(work / "learn.json")])
    assert (work / "snapshots" / "site" / "profile.json").exists()


# -- the providers list (GET /api/v1/providers), shaped like the spec's answer -------------------
PROVIDERS_SOURCE = """\
  - id: providers
    kind: catalog-providers
    url: https://openrouter.ai/api/v1/providers
"""


def provider(slug: str, name: str) -> dict[str, Any]:
    return {"name": name, "slug": slug, "privacy_policy_url": f"https://{slug}.example/privacy",
            "terms_of_service_url": None, "status_page_url": None, "headquarters": "US", "datacenters": ["US"]}


def serve_providers(server: LoopbackServer, providers: list[dict[str, Any]]) -> None:
    server.route("/api/v1/providers", body=json.dumps({"data": providers}), content_type="application/json")
