"""Load a target definition (rules/<target>/target.yaml): the spec and the pages it depends on."""
from __future__ import annotations

import os
from pathlib import Path

from checker.errors import ConfigError, InputError
from checker.urls import OFFICIAL_ORIGIN

TYPE_CHECKING = False  # typing's, without importing typing: ~4 ms of the fast replay (checker.commands.replay)
if TYPE_CHECKING:  # imported where they are built: rules_root is on the fast replay, which imports no msgspec
    from typing import Any

    from checker.models import Source, Target



def bundled_rules_dir() -> Path:
    """The rules/ shipped inside the package (pip installs unpack wheels, so this is a real path;
    importlib.resources would cost the quick path 8 ms of imports to say the same)."""
    return Path(__file__).resolve().parent.parent / "data" / "rules"


def rules_root(rules_dir: str | Path | None) -> Path:
    """--rules DIR (or `rules` in the config), else CHECKER_RULES, else the repository's own
    ./rules when it holds a target (some ./rules/<name>/target.yaml), else the bundled rules."""
    if rules_dir:
        return Path(rules_dir)
    if os.environ.get("CHECKER_RULES"):
        return Path(os.environ["CHECKER_RULES"])
    local = Path("rules")
    return local if any(local.glob("*/target.yaml")) else bundled_rules_dir()


def load_target(name: str, rules_dir: str | Path | None = None) -> Target:
    """Read `<rules_dir>/<name>/target.yaml`; raise ConfigError naming the file and field."""
    path = rules_root(rules_dir) / name / "target.yaml"
    if not path.is_file():
        raise ConfigError(f"no target definition at {path}", "pass --target NAME or --rules DIR")
    from checker.errors import read_text
    from checker.store.parsed import cached, content_key

    text = read_text(path, str(path), ConfigError)
    data = cached("target", content_key([text]), lambda: _parse_yaml(text, str(path)), decode=_mapping)
    return parse_target(name, data, str(path))


def _mapping(value: Any) -> dict[str, Any]:
    """A cached target is a mapping; anything else is a damaged entry (a miss: parsed again)."""
    if not isinstance(value, dict):
        raise ValueError("not a target mapping")
    return value


def _parse_yaml(text: str, where: str) -> Any:
    from checker.safeyaml import load_yaml

    try:
        return load_yaml(text, where, aliases=False)
    except InputError as exc:
        raise ConfigError(exc.message, exc.hint) from None


def parse_target(name: str, data: Any, where: str) -> Target:
    from checker.models import Target

    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping at the top level")
    origin = str(data.get("origin", OFFICIAL_ORIGIN)).rstrip("/")
    sources = _spec_field(data, where)
    pages = data.get("pages") or []
    if not isinstance(pages, list):
        raise ConfigError(f"{where}: field 'pages' must be a list")
    others = data.get("sources") or []
    if not isinstance(others, list):
        raise ConfigError(f"{where}: field 'sources' must be a list")
    default_selector = data.get("selector")  # None: the normaliser's own default
    seen = {s.id for s in sources}
    for field_name, entries, kind in (("pages", pages, "page"), ("sources", others, None)):
        for i, raw in enumerate(entries):
            source = _source(raw, kind, default_selector, f"{where}: {field_name}[{i}]")
            if source.id in seen:
                raise ConfigError(f"{where}: {field_name}[{i}]: duplicate id '{source.id}'")
            seen.add(source.id)
            sources.append(source)
    if not any(s.kind == "spec" for s in sources):
        raise ConfigError(f"{where}: field 'spec.url' is required (or a 'sources' entry of kind spec)")
    open_enums = data.get("open_enums") or []
    return Target(
        name=name,
        origin=origin,
        sources=tuple(sources),
        open_enums=tuple(str(e) for e in open_enums),
    )


def _spec_field(data: dict, where: str) -> list[Source]:
    """The `spec:` shorthand: the source `openapi` of kind spec."""
    from checker.models import Source

    spec = data.get("spec")
    if spec is None:
        return []
    if not isinstance(spec, dict) or not spec.get("url"):
        raise ConfigError(f"{where}: field 'spec.url' is required")
    return [Source(id="openapi", kind="spec", url=str(spec["url"]),
                   fallback_urls=tuple(str(u) for u in spec.get("fallback_urls", []) or []),
                   quick=True, title="OpenAPI spec")]


def _source(raw: Any, kind: str | None, default_selector: Any, where: str) -> Source:
    """A `pages` entry (kind page) or a `sources` entry (any registered kind, named by `kind`)."""
    from checker.models import Source
    from checker.sources.kind import kind_of

    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("url"):
        raise ConfigError(f"{where} needs 'id' and 'url'")
    kind = kind or str(raw.get("kind") or "")
    try:
        kind_of(kind)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc.message}", exc.hint) from None
    return Source(id=str(raw["id"]), kind=kind, url=str(raw["url"]),
                  fallback_urls=tuple(str(u) for u in raw.get("fallback_urls", []) or []),
                  selector=raw.get("selector", default_selector), quick=bool(raw.get("quick", False)),
                  title=raw.get("title"))
