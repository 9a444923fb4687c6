"""Profile facts from what a client sent: operations, body fields, enum values, header names, models.

Nothing secret is kept: header names without values; of the body only the field paths, the
strings the spec declares as enum values, model ids and the provider slugs of provider.order/only.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator

from checker.api.model import Spec
from checker.api.pointer import escape
from checker.comply.operations import Router
from checker.redact import KEY_PATTERN, redact_text
from checker.comply.request import ClientRequest
from checker.profile.model import CAPTURE, FIELD, HEADER, MODEL, OPERATION, PAYLOAD, VALUE, Fact, Origin, Profile

MODEL_FIELDS = {"model", "models"}  # top-level body fields holding model ids
PINNED = {("provider", "order"), ("provider", "only")}  # provider slugs the request pins
MAX_DEPTH = 32


def enum_strings(spec: Any) -> frozenset[str]:
    """Every string the spec declares as an `enum` value or a `const`."""
    found: set[str] = set()
    stack = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "enum" and isinstance(value, list):
                    found.update(v for v in value if isinstance(v, str))
                elif key == "const" and isinstance(value, str):
                    found.add(value)
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    return frozenset(found)


def walk(value: Any, pointer: str = "", path: tuple[str, ...] = (), depth: int = 0
         ) -> Iterator[tuple[str, tuple[str, ...], Any, bool]]:
    """(JSON pointer, property path without array indices, value, is a list item) of every node."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, dict):
        for key, child in value.items():
            key = redact_text(str(key))  # keys can be secrets too
            child_ptr, child_path = f"{pointer}/{escape(key)}", path + (key,)
            yield child_ptr, child_path, child, False
            yield from walk(child, child_ptr, child_path, depth + 1)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk(child, f"{pointer}/{index}", path, depth + 1)
            if isinstance(child, str) and path:
                yield f"{pointer}/{index}", path, child, True


def profile_from_requests(requests: Iterable[ClientRequest], spec: dict[str, Any]) -> Profile:
    router, enums = Router(Spec(spec)), enum_strings(spec)
    profile = Profile()
    for request in requests:
        origin = Origin(PAYLOAD if request.body_only else CAPTURE, request.file, request.line, request.source)
        target = router.match(request.method, request.url)
        op = redact_text(f"{request.method.upper()} {target.path}")
        profile.add(Fact(OPERATION, op), origin)
        if not request.body_only:
            for name in request.headers.names():
                profile.add(Fact(HEADER, redact_text(name).lower()), origin)
        if request.json_body:
            _body_facts(profile, request.body, op, enums, origin)
    return profile


def _body_facts(profile: Profile, body: Any, op: str, enums: frozenset[str], origin: Origin) -> None:
    for pointer, path, value, item in walk(body):
        if not path:
            continue
        dotted = ".".join(path)
        at = Origin(origin.via, origin.file, origin.line, origin.ref, pointer)
        if not item:
            profile.add(Fact(FIELD, dotted, op), at)
        if not isinstance(value, str) or KEY_PATTERN.search(value):
            continue
        if len(path) == 1 and path[0] in MODEL_FIELDS:
            profile.add(Fact(MODEL, value), at)
        elif value in enums or path in PINNED:
            profile.add(Fact(VALUE, value, op, scope=dotted), at)
