"""Rule kinds that read the OpenAPI spec: operation, property, enum value, response field."""
from __future__ import annotations

from typing import Any, Mapping

from checker.api import schemas
from checker.api.model import Operation, Spec
from checker.api.pointer import escape
from checker.rules.context import Context
from checker.rules.model import FAIL, Outcome, passed, skipped

SOURCE = "openapi"
NO_SPEC = "the OpenAPI spec is unavailable"


def server_note(spec: Spec) -> str:
    url = spec.server_url
    return f"paths are relative to servers[0].url {url}" if url else "paths are relative to the server url"


def normalised_note(op: Operation, spec: Spec) -> str | None:
    if op.written_as is None:
        return None
    return (f"the rule writes '{op.written_as}'; read as '{op.path}' because {server_note(spec)}"
            " - write the path without the server prefix")


def operation_missing(spec: Spec, text: str) -> Outcome:
    method, path = schemas.split_operation(text)
    methods = spec.methods_of(path)
    found = f"only {', '.join(methods)} on {path}" if methods else "no such path"
    return Outcome(FAIL, "spec-operation-missing", f"{method} {path} in the spec ({server_note(spec)})",
                   found, SOURCE, f"/paths/{escape(path)}", f"{method} {path}")


def check_operation(params: Mapping[str, Any], ctx: Context) -> Outcome:
    if ctx.spec is None:
        return skipped(NO_SPEC)
    op = schemas.find_operation(ctx.api, params["operation"])
    if op is None:
        return operation_missing(ctx.api, params["operation"])
    return passed(normalised_note(op, ctx.api))


def start_note(params: Mapping[str, Any], spec: Spec) -> str | None:
    op = schemas.find_operation(spec, params["operation"]) if "operation" in params else None
    return normalised_note(op, spec) if op else None


def start_node(params: Mapping[str, Any], spec: Spec) -> tuple[schemas.Node | None, str, Outcome | None]:
    """Where a property path starts: a component schema, or an operation's request body.

    Returns (node, label for messages, failure outcome when the start itself is missing).
    """
    if "schema" in params:
        name = params["schema"]
        node = schemas.schema_node(spec, name)
        if node is None:
            return None, name, Outcome(FAIL, "spec-schema-missing", f"schema {name} in components.schemas",
                                       "no such schema", SOURCE, f"/components/schemas/{escape(name)}")
        return node, name, None
    op = schemas.find_operation(spec, params["operation"])
    if op is None:
        return None, params["operation"], operation_missing(spec, params["operation"])
    node = schemas.request_body(spec, op, params.get("media"))
    label = f"{op.label} request"
    if node is None:
        return None, label, Outcome(FAIL, "spec-request-body-missing", f"a request body for {op.label}",
                                    "none", SOURCE, op.pointer, op.label)
    return node, label, None


def property_outcome(spec: Spec, start: schemas.Node, label: str, path: str, code: str,
                     operation: str | None) -> tuple[list[schemas.Node], Outcome | None]:
    result = schemas.walk(spec, start, path)
    if result.missing is None:
        return result.nodes, None
    at = f"{label}.{result.parent}" if result.parent else label
    shown = ", ".join(result.available[:12]) + (", ..." if len(result.available) > 12 else "")
    found = f"{at} has no property '{result.missing}'" + (f" (it has: {shown})" if shown else "")
    return [], Outcome(FAIL, code, f"property {path} in {label}", found, SOURCE,
                       result.parent_pointer, operation)


def type_outcome(spec: Spec, nodes: list[schemas.Node], params: Mapping[str, Any], where: str,
                 operation: str | None) -> Outcome | None:
    """When the check names a `type`, the property must allow it (`pricing.prompt` is a string)."""
    wanted = params.get("type")
    if not wanted:
        return None
    found = schemas.types_of(spec, nodes)
    if wanted in found:
        return None
    return Outcome(FAIL, "spec-property-type-changed", f"{where} of type {wanted}",
                   f"type {' | '.join(found) or 'unspecified'}", SOURCE, nodes[0].pointer, operation)


def operation_label(params: Mapping[str, Any], spec: Spec) -> str | None:
    if "operation" not in params:
        return None
    op = schemas.find_operation(spec, params["operation"])
    return op.label if op else params["operation"]


def check_property(params: Mapping[str, Any], ctx: Context) -> Outcome:
    if ctx.spec is None:
        return skipped(NO_SPEC)
    start, label, failure = start_node(params, ctx.api)
    if failure:
        return failure
    operation = operation_label(params, ctx.api)
    nodes, failure = property_outcome(ctx.api, start, label, params["path"], "spec-property-missing", operation)
    failure = failure or type_outcome(ctx.api, nodes, params, f"{label}.{params['path']}", operation)
    return failure or passed(start_note(params, ctx.api))


def check_enum(params: Mapping[str, Any], ctx: Context) -> Outcome:
    if ctx.spec is None:
        return skipped(NO_SPEC)
    start, label, failure = start_node(params, ctx.api)
    if failure:
        return failure
    nodes = [start]
    where = label
    operation = operation_label(params, ctx.api)
    if params.get("path"):
        nodes, failure = property_outcome(ctx.api, start, label, params["path"], "spec-property-missing",
                                          operation)
        if failure:
            return failure
        where = f"{label}.{params['path']}"
    wanted = list(params.get("values") or [params.get("value")])
    values = schemas.enum_values(ctx.api, nodes)
    missing = [v for v in wanted if v not in values]
    if not missing:
        return passed(start_note(params, ctx.api))
    shown = ", ".join(map(str, values)) if values else "no enum at all"
    return Outcome(FAIL, "enum-value-missing", f"{where} to allow {', '.join(map(str, wanted))}",
                   f"{', '.join(map(str, missing))} missing; allowed values: {shown}", SOURCE,
                   nodes[0].pointer, operation)


def check_response_field(params: Mapping[str, Any], ctx: Context) -> Outcome:
    if ctx.spec is None:
        return skipped(NO_SPEC)
    op = schemas.find_operation(ctx.api, params["operation"])
    if op is None:
        return operation_missing(ctx.api, params["operation"])
    status = str(params["status"]) if "status" in params else schemas.success_status(op)
    media = params.get("media")
    node = schemas.response_body(ctx.api, op, status, media)
    label = f"{op.label} {status or '2xx'} response" + (f" ({media})" if media else "")
    if node is None:
        return Outcome(FAIL, "response-body-missing", f"a {label} body with a schema", "none",
                       SOURCE, f"{op.pointer}/responses", op.label)
    nodes, failure = property_outcome(ctx.api, node, label, params["path"], "response-field-missing", op.label)
    failure = failure or type_outcome(ctx.api, nodes, params, f"{label}: {params['path']}", op.label)
    return failure or passed(normalised_note(op, ctx.api))
