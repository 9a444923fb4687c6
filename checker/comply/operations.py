"""Which documented operation a request URL and method hit (paths are relative to servers[0].url)."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from msgspec import Struct

from checker.api.model import Operation, Spec

DEFAULT_PREFIX = "/api/v1"


class Target(Struct, frozen=True):
    """Where a URL points: its spec-relative path, query pairs and path parameters."""

    path: str
    query: list[tuple[str, str]]
    operation: Operation | None
    params: dict[str, str]
    path_known: bool  # the path exists (maybe with another method)


class Router:
    def __init__(self, api: Spec) -> None:
        self.api = api
        self.prefix = urlsplit(self.api.server_url).path.rstrip("/") or DEFAULT_PREFIX
        by_path: dict[str, dict[str, Operation]] = {p: {} for p, i in self.api.paths.items() if isinstance(i, dict)}
        for (path, method), op in self.api.operations.items():
            by_path[path][method] = op
        self.exact: dict[str, dict[str, Operation]] = {}
        self.templates: list[tuple[re.Pattern[str], list[str], str, dict[str, Operation]]] = []
        for path, ops in by_path.items():
            if "{" in path:
                self.templates.append((*_compile(path), path, ops))
            else:
                self.exact[path] = ops
        # literal segments win over templates: fewer parameters first
        self.templates.sort(key=lambda t: len(t[1]))

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
        return Target(template, query, item.get(method.lower()), params, True)


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
