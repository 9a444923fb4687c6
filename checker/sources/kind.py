"""One interface per kind of source (spec, page, ...): how to parse, store, diff and use it.

The pipeline and the store handle every source through its kind; adding a kind is one module
that subclasses SourceKind and calls `register`, plus target.yaml data (`sources: - kind: NAME`).
"""
from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from msgspec import Struct, field

from checker.errors import ConfigError
from checker.models import Fetched, Finding, Source


class Unreadable(Exception):
    """Fetched content that is not what the kind expects; the stored snapshot is kept."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


class RuleInputs(Struct):
    """What the rules see: the spec, and the pages with their current URLs."""

    spec: Any = None
    pages: dict[str, Any] = field(default_factory=dict)
    page_urls: dict[str, str] = field(default_factory=dict)


class DiffContext(Struct, frozen=True):
    """What a kind's diff needs from the target besides the two versions."""

    open_enums: tuple[str, ...] = ()


class SourceKind:
    """Defaults suit a plain document; subclasses override what differs."""

    name: ClassVar[str] = ""
    required: ClassVar[bool] = False  # no content and no snapshot stops the run (exit 2)
    gone_code: ClassVar[str | None] = None  # finding code for a 404/410, else the fetch error code
    extension: ClassVar[str] = "txt"
    authorized: ClassVar[bool] = False  # fetched with OPENROUTER_API_KEY (official origin / --base-url only)

    def store_file(self, source: Source) -> str:
        """The snapshot file, relative to the store directory; stable, readable, inside the store."""
        return f"{self.name}/{safe_path(source.id)}.{self.extension}"

    def in_quick(self, source: Source, wanted: set[str]) -> bool:
        """Whether `--quick` fetches it; `wanted` is the page ids the rules (or quick: true) name."""
        return source.quick or source.id in wanted

    def complete(self, source: Source, fetched: Fetched, options: Any) -> Fetched:
        """The whole document from its first response (e.g. further pages fetched with the
        pipeline's `FetchOptions` through the one client); a failure is a Fetched with an error."""
        return fetched

    def parse(self, source: Source, fetched: Fetched) -> Any:
        """Fetched bytes -> content; raise Unreadable when they are not this kind of document."""
        raise NotImplementedError

    def dump(self, content: Any, url: str) -> str:
        """Content -> the snapshot file's text (readable, diffs well in git)."""
        raise NotImplementedError

    def load(self, text: str) -> Any:
        """A snapshot file's text -> content; raise ValueError or InputError when unreadable."""
        raise NotImplementedError

    def sha256(self, content: Any) -> str:
        return hashlib.sha256(self.dump(content, "").encode("utf-8")).hexdigest()

    def diff(self, source: Source, old: Any, new: Any, url: str, ctx: DiffContext) -> list[Finding]:
        return []

    def moved(self, source: Source, fetched: Fetched, recorded: str | None = None) -> list[Finding]:
        """Findings for a source whose URL now redirects elsewhere; `recorded` is the final
        URL the snapshot recorded (None without one)."""
        return []

    def add_rule_inputs(self, inputs: RuleInputs, source: Source, content: Any, url: str) -> None:
        """Offer the content to the rules (most kinds have no rules)."""

    def checks(self, content: Any, cache_dir: Any) -> list[Finding]:
        """Extra checks of a full run on the content (e.g. spec validity)."""
        return []


_KINDS: dict[str, SourceKind] = {}


def register(kind: SourceKind) -> SourceKind:
    _KINDS[kind.name] = kind
    return kind


def kind_of(name: str) -> SourceKind:
    _builtins()
    try:
        return _KINDS[name]
    except KeyError:
        raise ConfigError(f"unknown source kind '{name}'",
                          f"known kinds: {', '.join(sorted(_KINDS))}") from None


def known_kinds() -> list[str]:
    _builtins()
    return sorted(_KINDS)


def _builtins() -> None:
    import checker.sources.catalog  # noqa: F401 - registers "catalog"
    import checker.sources.catalog_providers  # noqa: F401 - registers "catalog-providers"
    import checker.sources.page  # noqa: F401 - registers "page"
    import checker.sources.spec  # noqa: F401 - registers "spec"


def safe_path(source_id: str) -> str:
    """A source id as a relative path that cannot leave its folder (ids may contain '/')."""
    return "/".join(part for part in source_id.split("/") if part not in ("", ".", ".."))
