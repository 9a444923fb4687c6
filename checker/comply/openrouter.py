"""OpenRouter rules the schema cannot express; each finding names the docs page that states the rule."""
from __future__ import annotations

import os
from typing import Any, Iterator
from urllib.parse import urlsplit

from checker.comply import links as pages
from checker.comply.operations import Operation
from checker.comply.payloads import is_placeholder
from checker.comply.request import ClientRequest, client_finding
from checker.models import Finding, Severity

ALLOWED_HOSTS_ENV = "OPENROUTER_ALLOWED_REMOTE_ASSET_HOSTS"
# content part type -> (key holding the asset, field with the URL inside it, page, modality)
ASSET_PARTS: dict[str, tuple[str, str, str, str]] = {
    "image_url": ("image_url", "url", pages.IMAGE_URLS, "image"),
    "file": ("file", "file_data", pages.PDF_URLS, "file"),
    "input_audio": ("input_audio", "data", pages.IMAGE_UNDERSTANDING, "audio"),
    "video_url": ("video_url", "url", pages.IMAGE_UNDERSTANDING, "video"),
}


# the linked pages: URLs suit publicly reachable files, base64 data: URLs are for local or private ones
ADVICE = f"if the file is public, add its host to {ALLOWED_HOSTS_ENV}; if it is local or private, send a data: URL"


def allowed_hosts(raw: str | None = None) -> frozenset[str]:
    raw = os.environ.get(ALLOWED_HOSTS_ENV, "") if raw is None else raw
    return frozenset(h.strip().lower() for h in raw.split(",") if h.strip())


def check_semantics(request: ClientRequest, op: Operation | None, hosts: frozenset[str]) -> list[Finding]:
    body = request.body
    if op is None or not isinstance(body, dict):
        return []
    out = _model_ids(request, op, body)
    if op.path.endswith("/chat/completions") and isinstance(body.get("messages"), list):
        out += _tool_followups(request, op, body)
        out += _remote_assets(request, op, body, hosts)
        out += _require_parameters(request, op, body)
    return out


def model_ids(body: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(pointer, model id) for `model` and each entry of `models` (fallbacks)."""
    if isinstance(body.get("model"), str):
        yield "/model", body["model"]
    for i, model in enumerate(body.get("models") or [] if isinstance(body.get("models"), list) else []):
        if isinstance(model, str):
            yield f"/models/{i}", model


def content_parts(body: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer, part) for every structured content part of every message."""
    for i, message in enumerate(body.get("messages") or []):
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list):
            for j, part in enumerate(content):
                if isinstance(part, dict):
                    yield f"/messages/{i}/content/{j}", part


def _model_ids(request: ClientRequest, op: Operation, body: dict[str, Any]) -> list[Finding]:
    return [
        client_finding(request, "model-id-without-prefix", Severity.ERROR,
                       f"model id '{model}' lacks the organisation prefix (e.g. 'openai/gpt-4o-mini')",
                       op.page, pointer=pointer, operation=op.label, after=model)
        for pointer, model in model_ids(body)
        if "/" not in model and not is_placeholder(model)
    ]


def _tool_followups(request: ClientRequest, op: Operation, body: dict[str, Any]) -> list[Finding]:
    messages = body["messages"]
    out: list[Finding] = []
    tool_indexes = [i for i, m in enumerate(messages) if isinstance(m, dict) and m.get("role") == "tool"]
    if tool_indexes and not body.get("tools"):
        out.append(client_finding(request, "tool-followup-without-tools", Severity.ERROR,
                                  "a request with tool results must include the same `tools` array as the "
                                  "request that made the tool call", pages.TOOL_RESULTS,
                                  pointer="/tools", operation=op.label))
    for i in tool_indexes:
        answered = messages[i].get("tool_call_id")
        calls = _preceding_tool_calls(messages, i)
        if not isinstance(answered, str) or is_placeholder(answered) or (calls is not None and answered in calls):
            continue  # a non-string id is the schema check's finding
        why = ("no assistant message with tool_calls precedes it" if calls is None
               else f"the preceding assistant message called {sorted(calls) or 'no tools'}")
        out.append(client_finding(request, "tool-call-id-unmatched", Severity.ERROR,
                                  f"tool message answers tool_call_id {answered!r} but {why}", pages.TOOL_RESULTS,
                                  pointer=f"/messages/{i}/tool_call_id", operation=op.label,
                                  before=sorted(calls or []), after=answered))
    return out


def _preceding_tool_calls(messages: list[Any], index: int) -> set[str] | None:
    for message in reversed(messages[:index]):
        if isinstance(message, dict) and message.get("role") == "assistant":
            calls = message.get("tool_calls")
            if not isinstance(calls, list) or not calls:
                return None
            return {c.get("id") for c in calls if isinstance(c, dict) and isinstance(c.get("id"), str)}
    return None


def _remote_assets(request: ClientRequest, op: Operation, body: dict[str, Any],
                   hosts: frozenset[str]) -> list[Finding]:
    out: list[Finding] = []
    for pointer, part in content_parts(body):
        spec = ASSET_PARTS.get(str(part.get("type")))
        if spec is None:
            continue
        key, field, page, _ = spec
        holder = part.get(key)
        url, at = (holder, f"{pointer}/{key}") if isinstance(holder, str) else (
            (holder or {}).get(field) if isinstance(holder, dict) else None, f"{pointer}/{key}/{field}")
        if not isinstance(url, str) or is_placeholder(url) or not url.startswith(("http://", "https://")):
            continue
        host = (urlsplit(url).hostname or "").lower()
        if not _host_allowed(host, hosts):
            allowed = f"allowed hosts: {', '.join(sorted(hosts))}" if hosts else f"{ALLOWED_HOSTS_ENV} is empty"
            out.append(client_finding(request, "remote-asset-url", Severity.WARNING,
                                      f"remote {key} URL on host '{host}' ({allowed}); {ADVICE}",
                                      page, pointer=at, operation=op.label, after=host))
    return out


def _host_allowed(host: str, hosts: frozenset[str]) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)


def _require_parameters(request: ClientRequest, op: Operation, body: dict[str, Any]) -> list[Finding]:
    used = [name for name in ("response_format", "tools") if body.get(name)]
    provider = body.get("provider") if isinstance(body.get("provider"), dict) else {}
    if not used or provider.get("require_parameters") is True:
        return []
    return [client_finding(request, "require-parameters-hint", Severity.INFO,
                           f"{' and '.join(used)} used without provider.require_parameters: true; providers "
                           "that ignore them may still be chosen", pages.REQUIRE_PARAMETERS,
                           pointer="/provider/require_parameters", operation=op.label, before=used)]
