"""What a schema change means for a client: a stable code and a severity, by direction.

Request side: the client sends it (narrowing breaks). Response side: the client reads it
(widening breaks). Codes follow oasdiff's rule ids where one fits.
"""
from __future__ import annotations

from typing import Any

from checker.diff.change import REQUEST, Change
from checker.models import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

# what -> (request severity, response severity); None: not reported on that side.
TABLE: dict[str, tuple[Severity | None, Severity | None]] = {
    "type-changed": (E, E),
    "type-narrowed": (E, None),
    "type-widened": (None, W),
    "became-nullable": (I, W),
    "became-not-nullable": (E, None),
    "enum-value-added": (I, W),
    "enum-value-removed": (E, I),
    "became-enum": (E, None),
    "enum-removed": (I, W),
    "const-changed": (E, W),
    "max-decreased": (E, None), "max-length-decreased": (E, None),
    "max-items-decreased": (E, None), "max-properties-decreased": (E, None),
    "min-increased": (E, None), "min-length-increased": (E, None),
    "min-items-increased": (E, None), "min-properties-increased": (E, None),
    "max-increased": (None, W), "max-length-increased": (None, W),
    "max-items-increased": (None, W), "max-properties-increased": (None, W),
    "min-decreased": (None, W), "min-length-decreased": (None, W),
    "min-items-decreased": (None, W), "min-properties-decreased": (None, W),
    "pattern-added": (W, None), "pattern-changed": (W, W), "pattern-removed": (None, W),
    "multiple-of-narrowed": (E, None), "multiple-of-widened": (None, W), "multiple-of-changed": (E, W),
    "became-unique-items": (E, None), "unique-items-removed": (None, W),
    "discriminator-property-changed": (E, E), "discriminator-mapping-changed": (W, W),
    "format-changed": (W, W),
    "default-changed": (W, None),
    "default-added": (I, None), "default-removed": (I, None),
    "deprecated": (W, I),
    "additional-properties-closed": (W, None),
    "became-required": (E, I),
    "became-optional": (I, W),
    "one-of-added": (I, W), "any-of-added": (I, W),
    "one-of-removed": (E, I), "any-of-removed": (E, I),
}
PREFIX = {("request", "body"): "request-property", ("request", "parameter"): "request-parameter",
          ("response", "body"): "response-property", ("response", "header"): "response-header"}
RENAMED = {"default-changed": "default-value-changed", "default-added": "default-value-added",
           "default-removed": "default-value-removed", "type-narrowed": "type-changed",
           "type-widened": "type-changed"}


def classify(change: Change, side: str, where: str) -> tuple[str, Severity] | None:
    prefix = PREFIX[(side, where)]
    if change.what in ("property-added", "property-removed"):
        code, severity = (_added if change.what == "property-added" else _removed)(change, side)
        return code, I if change.covered else severity
    request_sev, response_sev = TABLE[change.what]
    severity = request_sev if side == REQUEST else response_sev
    if severity is None:
        return None
    if (change.what == "enum-value-added" and side != REQUEST and change.open_enum) or change.covered:
        severity = I
    return f"{prefix}-{RENAMED.get(change.what, change.what)}", severity


def _added(change: Change, side: str) -> tuple[str, Severity]:
    if side == REQUEST:
        if change.required:
            return "new-required-request-property", E
        return "new-optional-request-property", I
    return f"response-{'required' if change.required else 'optional'}-property-added", I


def _removed(change: Change, side: str) -> tuple[str, Severity]:
    if side == REQUEST:
        return "request-property-removed", E
    if change.required:
        return "response-required-property-removed", E
    return "response-optional-property-removed", W


PHRASES = {
    "type-changed": "changed type from {before} to {after}",
    "type-narrowed": "narrowed its type from {before} to {after}",
    "type-widened": "widened its type from {before} to {after}",
    "became-nullable": "can now be null",
    "became-not-nullable": "can no longer be null",
    "enum-value-added": "gained enum value(s) {after}",
    "enum-value-removed": "lost enum value(s) {before}",
    "became-enum": "is now restricted to enum values {after}",
    "enum-removed": "is no longer restricted to enum values",
    "const-changed": "changed its fixed value from {before} to {after}",
    "pattern-added": "now has to match the pattern {after}",
    "pattern-changed": "changed its pattern from {before} to {after}",
    "pattern-removed": "no longer has to match the pattern {before}",
    "multiple-of-narrowed": "now has to be a multiple of {after} (was {before})",
    "multiple-of-widened": "now only has to be a multiple of {after} (was {before})",
    "multiple-of-changed": "changed multipleOf from {before} to {after}",
    "became-unique-items": "now requires unique items",
    "unique-items-removed": "no longer requires unique items",
    "discriminator-property-changed": "changed its discriminator property from {before} to {after}",
    "discriminator-mapping-changed": "changed its discriminator mapping from {before} to {after}",
    "format-changed": "changed format from {before} to {after}",
    "default-changed": "changed its default from {before} to {after}",
    "default-added": "now documents the default {after}",
    "default-removed": "no longer documents a default (was {before})",
    "deprecated": "is now deprecated",
    "additional-properties-closed": "no longer accepts additional properties",
    "became-required": "became required",
    "became-optional": "became optional",
    "one-of-added": "gained a oneOf variant {after}",
    "any-of-added": "gained an anyOf variant {after}",
    "one-of-removed": "lost the oneOf variant {before}",
    "any-of-removed": "lost the anyOf variant {before}",
    "property-added": "was added",
    "property-removed": "was removed",
}
_LIMIT_NAMES = {"": "imum", "-length": "Length", "-items": "Items", "-properties": "Properties"}
LIMIT_WORDS = {f"{side}{limit}-{way}": side + word for side in ("max", "min")
               for limit, word in _LIMIT_NAMES.items() for way in ("increased", "decreased")}


def phrase(change: Change) -> str:
    if change.what in LIMIT_WORDS:
        word = LIMIT_WORDS[change.what]
        if change.before is None:
            return f"now has {word} {change.after}"
        if change.after is None:
            return f"no longer has {word} {change.before}"
        return f"changed {word} from {change.before} to {change.after}"
    if change.what.startswith("type-"):
        before, after = (" or ".join(t) if t else "any" for t in (change.before, change.after))
    else:
        before, after = show(change.before), show(change.after)
    return PHRASES[change.what].format(before=before, after=after)


def show(value: Any, limit: int = 5) -> str:
    if isinstance(value, list):
        shown = ", ".join(repr(v) if isinstance(v, str) else str(v) for v in value[:limit])
        more = f" and {len(value) - limit} more" if len(value) > limit else ""
        return f"[{shown}{more}]"
    if value is None:
        return "none"
    return repr(value) if isinstance(value, str) else str(value)


def display_path(path: tuple[str, ...]) -> str:
    """('messages', '[]', '(role=user)', 'content') -> 'messages[](role=user).content'."""
    text = ""
    for token in path:
        if token in ("[]", "{*}") or token.startswith("("):
            text += token
        else:
            text += ("." if text else "") + token
    return text
