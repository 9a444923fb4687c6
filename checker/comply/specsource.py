"""Which spec to validate against: --spec, else the stored snapshot, else the live spec."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from checker.errors import InputError

LIVE_SPEC_URL = "https://openrouter.ai/openapi.json"
TARGET = "openrouter"


def default_snapshots() -> Path:
    return Path(os.environ.get("CHECKER_SNAPSHOTS", "snapshots"))


def resolve_spec(location: str | None = None, *, snapshots: str | Path | None = None,
                 base_url: str | None = None, timeout: float = 30, target: str = TARGET,
                 rules: str | Path | None = None) -> tuple[dict[str, Any], str]:
    """(spec, where it came from): --spec, else the target's stored snapshot, else its live spec."""
    from checker.api.document import read_spec

    if location:
        return read_spec(location, base_url=base_url, timeout=timeout), location
    from checker.store.snapshots import SnapshotStore

    store = SnapshotStore(snapshots or default_snapshots(), target)
    spec = store.load_spec()
    if spec is not None:
        return spec, str(store.dir / "openapi.json")
    url = _live_url(target, rules)
    try:
        return read_spec(url, base_url=base_url or os.environ.get("CHECKER_BASE_URL"), timeout=timeout), url
    except InputError as exc:
        raise InputError(f"no stored snapshot and {exc.message}",
                         "pass --spec FILE|URL, or run `checker snapshot` to store the spec") from None


def _live_url(target: str, rules: str | Path | None) -> str:
    try:
        from checker.sources.target import load_target

        return load_target(target, rules).spec.url
    except Exception:  # noqa: BLE001 - the bundled target is optional here; the official URL is known
        return LIVE_SPEC_URL
