"""What checks evaluate against: the spec, the normalised pages, and the rule being run."""
from __future__ import annotations

from functools import cached_property
from typing import Mapping

from msgspec import Struct

from checker.api.model import Spec
from checker.models import Page


class Context(Struct, frozen=True, dict=True):  # dict: room for the cached_property
    spec: dict | None
    pages: Mapping[str, Page | None]
    rule_page: str  # the rule's official page id: page checks read it unless they name another

    @cached_property
    def api(self) -> Spec:
        """The model of `spec` (only asked for when spec is not None)."""
        assert self.spec is not None
        return Spec(self.spec)

    def page_id(self, params: Mapping) -> str:
        return str(params.get("page") or self.rule_page)

    def page(self, page_id: str) -> Page | None:
        return self.pages.get(page_id)
