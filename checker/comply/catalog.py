"""The models list (GET /models) as a catalog: does the model exist, take these parameters and inputs?"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.comply import links as pages
from checker.comply.openrouter import ASSET_PARTS, content_parts, model_ids
from checker.comply.operations import Operation
from checker.comply.payloads import is_placeholder
from checker.comply.request import ClientRequest, client_finding
from checker.errors import InputError, read_text
from checker.models import Finding, Severity

MODELS_PAGE = "https://openrouter.ai/docs/api/api-reference/models/list-all-models-and-their-properties"


@dataclass
class Catalog:
    models: dict[str, dict[str, Any]]
    vocabulary: set[str] = field(default_factory=set)  # every parameter name some model supports

    @classmethod
    def from_data(cls, data: Any, label: str = "catalog") -> "Catalog":
        entries = data.get("data") if isinstance(data, dict) else data
        if not isinstance(entries, list):
            raise InputError(f"{label}: expected the models list JSON ({{'data': [...]}})")
        models: dict[str, dict[str, Any]] = {}
        for entry in entries:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                models[entry["id"]] = entry
                if isinstance(entry.get("canonical_slug"), str):
                    models.setdefault(entry["canonical_slug"], entry)
        vocabulary = {p for e in models.values() for p in strings(e.get("supported_parameters"))}
        return cls(models, vocabulary)


def strings(value: Any) -> list[str]:
    """The string items of a catalog list; anything else in third-party data counts as absent."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def load_catalog(location: str, *, base_url: str | None = None, timeout: float = 30) -> Catalog:
    if location.startswith(("http://", "https://")):
        from checker.fetch.client import display_url, fetch_bytes

        body = fetch_bytes(location, "catalog", base_url=base_url, timeout=timeout)
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise InputError(f"catalog {display_url(location)} is not JSON: {exc}", "check the URL") from None
    else:
        text = read_text(Path(location), f"catalog {location}")
        try:
            data = json.loads(text)
        except RecursionError:
            raise InputError(f"catalog {location}: JSON nested too deeply to read") from None
        except ValueError as exc:
            raise InputError(f"catalog {location} is not JSON: {exc}") from None
    return Catalog.from_data(data, f"catalog {location}")


def check_catalog(request: ClientRequest, op: Operation | None, catalog: Catalog) -> list[Finding]:
    body = request.body
    if op is None or not isinstance(body, dict):
        return []
    out: list[Finding] = []
    for pointer, model_id in model_ids(body):
        if is_placeholder(model_id):
            continue
        entry = catalog.models.get(model_id) or catalog.models.get(model_id.split(":")[0])
        if entry is None:
            out.append(client_finding(request, "model-unknown", Severity.ERROR,
                                      f"model '{model_id}' is not in the models list", MODELS_PAGE,
                                      pointer=pointer, operation=op.label, after=model_id))
            continue
        out += _parameters(request, op, body, model_id, entry, catalog.vocabulary)
        out += _modalities(request, op, body, model_id, entry)
    return out


def _parameters(request: ClientRequest, op: Operation, body: dict[str, Any], model_id: str,
                entry: dict[str, Any], vocabulary: set[str]) -> list[Finding]:
    supported = set(strings(entry.get("supported_parameters")))
    if not supported:
        return []
    return [
        client_finding(request, "model-parameter-unsupported", Severity.WARNING,
                       f"model '{model_id}' does not list '{name}' in supported_parameters",
                       pages.PARAMETERS, pointer=f"/{name}", operation=op.label,
                       before=sorted(supported), after=name)
        for name in body if name in vocabulary and name not in supported and body[name] is not None
    ]


def _modalities(request: ClientRequest, op: Operation, body: dict[str, Any], model_id: str,
                entry: dict[str, Any]) -> list[Finding]:
    arch = entry.get("architecture") if isinstance(entry.get("architecture"), dict) else {}
    inputs, outputs = strings(arch.get("input_modalities")), strings(arch.get("output_modalities"))
    out: list[Finding] = []
    reported: set[str] = set()
    for pointer, part in content_parts(body) if inputs else []:
        spec = ASSET_PARTS.get(str(part.get("type")))
        if spec is None or spec[3] in inputs or spec[3] in reported:
            continue
        reported.add(spec[3])
        out.append(client_finding(request, "model-input-modality-unsupported", Severity.ERROR,
                                  f"model '{model_id}' does not take {spec[3]} input "
                                  f"(input_modalities: {', '.join(inputs)})", spec[2].split("#")[0],
                                  pointer=pointer, operation=op.label, before=inputs, after=spec[3]))
    wanted = body.get("modalities")
    if isinstance(wanted, list) and "image" in wanted and outputs and "image" not in outputs:
        out.append(client_finding(request, "model-output-modality-unsupported", Severity.ERROR,
                                  f"image output requested from '{model_id}', whose output_modalities are "
                                  f"{', '.join(outputs)}", pages.IMAGE_GENERATION, pointer="/modalities",
                                  operation=op.label, before=outputs, after="image"))
    return out
