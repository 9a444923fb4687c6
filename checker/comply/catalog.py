"""The models list (GET /models) as a catalog: does the model exist, take these parameters and inputs?"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from checker.comply import links as pages
from checker.comply.openrouter import ASSET_PARTS, content_parts, model_ids
from checker.comply.operations import Operation
from checker.comply.payloads import is_placeholder
from checker.comply.request import ClientRequest, client_finding
from checker.errors import InputError, read_text
from checker.models import Finding, Severity

MODELS_PAGE = "https://openrouter.ai/docs/api/api-reference/models/list-all-models-and-their-properties"


class Catalog(Struct):
    models: dict[str, dict[str, Any]]  # model id (and canonical slug) -> normalised record
    vocabulary: set[str] = field(default_factory=set)  # every parameter name some model supports
    age: str = ""  # "catalog snapshot of 2026-12-01, 2.0 d old" when read from the store

    @classmethod
    def from_records(cls, records: dict[str, dict[str, Any]], age: str = "") -> "Catalog":
        models = dict(records)
        for record in records.values():
            if record.get("canonical_slug"):
                models.setdefault(record["canonical_slug"], record)
        vocabulary = {p for r in records.values() for p in r.get("supported_parameters") or []}
        return cls(models, vocabulary, age)

    @classmethod
    def from_data(cls, data: Any, label: str = "catalog") -> "Catalog":
        from checker.sources.catalog import normalise_catalog

        try:
            return cls.from_records(normalise_catalog(data))
        except ValueError:
            raise InputError(f"{label}: expected the models list JSON ({{'data': [...]}})") from None


def load_catalog(location: str, *, base_url: str | None = None, timeout: float = 30) -> Catalog:
    if location.startswith(("http://", "https://")):
        from checker.fetch.client import fetch_bytes
        from checker.fetch.wire import display_url

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


def stored_catalog(snapshots: str | Path | None, target: str, rules: str | Path | None) -> tuple[Catalog | None, str]:
    """The latest catalog snapshot of the target, and a note saying how old it is, or why there is none."""
    from datetime import datetime, timezone

    from checker.comply.specsource import default_snapshots
    from checker.errors import CheckerError
    from checker.sources.target import load_target
    from checker.store.snapshots import SnapshotStore

    try:
        source = next((s for s in load_target(target, rules).sources if s.kind == "catalog"), None)
    except CheckerError:
        source = None
    if source is None:
        return None, f"target {target} has no catalog source; model checks skipped (pass --catalog FILE|URL)"
    store = SnapshotStore(snapshots or default_snapshots(), target)
    with store.reading():
        stored = store.read(source)
    if not stored.usable:
        why = f"the catalog snapshot is unusable ({stored.corrupt})" if stored.corrupt else "no catalog snapshot"
        return None, f"{why}; model checks skipped (run `checker snapshot`, or pass --catalog FILE|URL)"
    when = datetime.fromisoformat(stored.entry.fetched_at)
    days = (datetime.now(timezone.utc) - when).total_seconds() / 86400
    age = f"catalog snapshot of {when.date().isoformat()}, {days:.1f} d old"
    return Catalog.from_records(stored.content, age), f"models checked against the {age}"


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
                                      f"model '{model_id}' is not in the models list"
                                      + (f" ({catalog.age})" if catalog.age else ""), MODELS_PAGE,
                                      pointer=pointer, operation=op.label, after=model_id))
            continue
        out += _parameters(request, op, body, model_id, entry, catalog.vocabulary)
        out += _providers(request, op, body, model_id, entry)
        out += _modalities(request, op, body, model_id, entry)
    return out


def _parameters(request: ClientRequest, op: Operation, body: dict[str, Any], model_id: str,
                entry: dict[str, Any], vocabulary: set[str]) -> list[Finding]:
    supported = set(entry.get("supported_parameters") or [])
    if not supported:
        return []
    return [
        client_finding(request, "model-parameter-unsupported", Severity.WARNING,
                       f"model '{model_id}' does not list '{name}' in supported_parameters",
                       pages.PARAMETERS, pointer=f"/{name}", operation=op.label,
                       before=sorted(supported), after=name)
        for name in body if name in vocabulary and name not in supported and body[name] is not None
    ]


def _providers(request: ClientRequest, op: Operation, body: dict[str, Any], model_id: str,
               entry: dict[str, Any]) -> list[Finding]:
    """A parameter the model lists but none of its stored providers (endpoints) supports."""
    stored = entry.get("endpoints")
    endpoints = [e for e in stored if isinstance(e, dict)] if isinstance(stored, list) else []
    if not endpoints:
        return []
    served = {p for e in endpoints for p in e.get("supported_parameters") or [] if isinstance(p, str)}
    listed = set(entry.get("supported_parameters") or [])
    names = ", ".join(e.get("provider") or "?" for e in endpoints)
    return [
        client_finding(request, "model-parameter-no-provider", Severity.WARNING,
                       f"model '{model_id}' lists '{name}', but none of its providers ({names}) supports it",
                       pages.PARAMETERS, pointer=f"/{name}", operation=op.label, before=sorted(served), after=name)
        for name in body if name in listed and name not in served and body[name] is not None
    ]


def _modalities(request: ClientRequest, op: Operation, body: dict[str, Any], model_id: str,
                entry: dict[str, Any]) -> list[Finding]:
    inputs, outputs = entry.get("input_modalities") or [], entry.get("output_modalities") or []
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
