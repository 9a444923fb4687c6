"""JSON pointers (RFC 6901) into specs and payloads: one place, on the jsonpointer library."""
from __future__ import annotations

from typing import Any

from jsonpointer import JsonPointerException, resolve_pointer, unescape

__all__ = ["escape", "unescape", "resolve", "resolve_ref"]


def escape(token: Any) -> str:
    """One reference token, escaped (`~` -> `~0`, `/` -> `~1`); non-strings as their str()."""
    token = str(token)
    if "~" not in token and "/" not in token:
        return token
    return token.replace("~", "~0").replace("/", "~1")


def resolve(doc: Any, pointer: str) -> Any:
    """The node at `pointer` ('' or '/' is the whole document); None when absent or malformed."""
    if pointer in ("", "/"):
        return doc
    try:
        return resolve_pointer(doc, pointer, None)
    except JsonPointerException:
        return None


def resolve_ref(doc: Any, ref: str) -> Any:
    """A local `$ref` ('#/components/schemas/X'); None for external or dangling references."""
    return resolve(doc, ref[1:]) if isinstance(ref, str) and ref.startswith("#") else None
