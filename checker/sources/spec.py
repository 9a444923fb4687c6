"""The OpenAPI spec as a source: canonical JSON snapshot, semantic diff, rules and validity."""
from __future__ import annotations

import json
from typing import Any

from checker.errors import InputError
from checker.models import Fetched, Finding, Source
from checker.sources.kind import DiffContext, RuleInputs, SourceKind, Unreadable, register

SPEC_FILE = "openapi.json"


class SpecKind(SourceKind):
    name = "spec"
    required = True
    extension = "json"

    def store_file(self, source: Source) -> str:
        return SPEC_FILE

    def in_quick(self, source: Source, wanted: set[str]) -> bool:
        return True

    def parse(self, source: Source, fetched: Fetched) -> Any:
        from checker.api.document import parse_spec
        from checker.fetch.decode import DecodeError, TooLarge, gunzip_capped

        try:
            body = gunzip_capped(fetched.body or b"")
            return parse_spec(body, fetched.final_url)
        except DecodeError as exc:
            code = "fetch-too-large" if isinstance(exc, TooLarge) else "spec-unreadable"
            raise Unreadable(code, f"the gzip data {exc}; the snapshot was kept") from exc
        except InputError as exc:
            raise Unreadable("spec-unreadable", exc.message) from exc

    def dump(self, content: Any, url: str) -> str:
        from checker.api.document import canonical_json

        return canonical_json(content)

    def load(self, text: str) -> Any:
        spec = json.loads(text)
        if not isinstance(spec, dict):
            raise ValueError("not a JSON object")
        return spec

    def sha256(self, content: Any) -> str:
        from checker.api.document import spec_sha256

        return spec_sha256(content)

    def diff(self, source: Source, old: Any, new: Any, url: str, ctx: DiffContext) -> list[Finding]:
        from checker.diff.spec import diff_specs

        return diff_specs(old, new, open_enums=ctx.open_enums)

    def add_rule_inputs(self, inputs: RuleInputs, source: Source, content: Any, url: str) -> None:
        inputs.spec = content

    def checks(self, content: Any, cache_dir: Any) -> list[Finding]:
        from checker.api.validity import check_validity

        return check_validity(content, cache_dir=cache_dir)


register(SpecKind())
