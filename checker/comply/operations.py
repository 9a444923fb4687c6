"""Which documented operation a request URL and method hit (paths are relative to servers[0].url)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from checker.api.pointer import escape as pointer_escape
from checker.urls import HTTP_METHODS, operation_label, operation_url

DEFAULT_PREFIX = "/api/v1"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # the spec's path template, e.g. /models/{author}/{slug}/endpoints
    op: dict[str, Any]
    page: str  # the operation's official page

    @property
    def label(self) -> str:
        return operation_label(self.method, self.path)

    @property
    def pointer(self) -> str:
        return f"/paths/{pointer_escape(self.path)}/{self.method.lower()}"


@dataclass(frozen=True)
class Target:
    """Where a URL points: its spec-relative path, query pairs and path parameters."""

    path: str
    query: list[tuple[str, str]]
    operation: Operation | None
    params: dict[str, str]
    path_known: bool  # the path exists (maybe with another method)


class Router:
    def __init__(self, spec: dict[str, Any]) -> None:
        servers = spec.get("servers") or [{}]
        self.prefix = urlsplit(str(servers[0].get("url") or "")).path.rstrip("/") or DEFAULT_PREFIX
        self.exact: dict[str, dict[str, Any]] = {}
        self.templates: list[tuple[re.Pattern[str], list[str], str, dict[str, Any]]] = []
        for path, item in (spec.get("paths") or {}).items():
            if not isinstance(item, dict):
                continue
            if "{" in path:
                self.templates.append((*_compile(path), path, item))
            else:
                self.exact[path] = item
        # literal segments win over templates: fewer parameters first
        self.templates.sort(key=lambda t: len(t[1]))
        self.spec = spec
        self._operations: dict[tuple[str, str], Operation] = {}

    def relative_path(self, url: str) -> str:
        path = urlsplit(url).path or "/"
        if path.startswith(self.prefix + "/"):
            path = path[len(self.prefix):]
        elif path.startswith(DEFAULT_PREFIX + "/"):
            path = path[len(DEFAULT_PREFIX):]
        return path.rstrip("/") or "/"

    def match(self, method: str, url: str) -> Target:
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True)
        path = self.relative_path(url)
        item, template, params = self.exact.get(path), path, {}
        if item is None:
            for pattern, names, tmpl, candidate in self.templates:
                found = pattern.match(path)
                if found:
                    item, template, params = candidate, tmpl, dict(zip(names, found.groups()))
                    break
        if item is None:
            return Target(path, query, None, {}, False)
        op = item.get(method.lower())
        if not isinstance(op, dict) or method.lower() not in HTTP_METHODS:
            return Target(template, query, None, params, True)
        key = (method.upper(), template)
        operation = self._operations.get(key)
        if operation is None:
            operation = self._operations[key] = Operation(key[0], template, op, operation_url(self.spec, method, template))
        return Target(template, query, operation, params, True)


def _compile(template: str) -> tuple[re.Pattern[str], list[str]]:
    names: list[str] = []
    pattern = "^"
    for piece in re.split(r"(\{[^}]+\})", template):
        if piece.startswith("{") and piece.endswith("}"):
            names.append(piece[1:-1])
            pattern += "([^/]+)"
        else:
            pattern += re.escape(piece)
    return re.compile(pattern + "$"), names
