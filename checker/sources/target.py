"""Load a target definition (rules/<target>/target.yaml): the spec and the pages it depends on."""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

from checker.errors import ConfigError, InputError
from checker.models import Source, Target
from checker.urls import OFFICIAL_ORIGIN



def bundled_rules_dir() -> Path:
    """The rules/ shipped inside the package (pip installs unpack wheels, so this is a real path)."""
    return Path(str(resources.files("checker.data") / "rules"))


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
    from checker.safeyaml import load_yaml

    try:
        data = load_yaml(path.read_text(encoding="utf-8"), str(path), aliases=False)
    except InputError as exc:
        raise ConfigError(exc.message, exc.hint) from None
    return parse_target(name, data, str(path))


def parse_target(name: str, data: Any, where: str) -> Target:
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping at the top level")
    origin = str(data.get("origin", OFFICIAL_ORIGIN)).rstrip("/")
    spec = data.get("spec")
    if not isinstance(spec, dict) or not spec.get("url"):
        raise ConfigError(f"{where}: field 'spec.url' is required")
    sources = [
        Source(
            id="openapi",
            kind="spec",
            url=str(spec["url"]),
            fallback_urls=tuple(str(u) for u in spec.get("fallback_urls", []) or []),
            quick=True,
            title="OpenAPI spec",
        )
    ]
    pages = data.get("pages") or []
    if not isinstance(pages, list):
        raise ConfigError(f"{where}: field 'pages' must be a list")
    default_selector = data.get("selector")  # None: the normaliser's own default
    seen: set[str] = set()
    for i, page in enumerate(pages):
        if not isinstance(page, dict) or not page.get("id") or not page.get("url"):
            raise ConfigError(f"{where}: pages[{i}] needs 'id' and 'url'")
        pid = str(page["id"])
        if pid in seen or pid == "openapi":
            raise ConfigError(f"{where}: pages[{i}]: duplicate id '{pid}'")
        seen.add(pid)
        sources.append(
            Source(
                id=pid,
                kind="page",
                url=str(page["url"]),
                selector=page.get("selector", default_selector),
                quick=bool(page.get("quick", False)),
                title=page.get("title"),
            )
        )
    open_enums = data.get("open_enums") or []
    return Target(
        name=name,
        origin=origin,
        sources=tuple(sources),
        sitemap=data.get("sitemap"),
        open_enums=tuple(str(e) for e in open_enums),
    )
