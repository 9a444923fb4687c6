"""Which spec to validate against: --spec, else the stored snapshot, else the live spec."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from checker.errors import InputError
from checker.models import Source

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

    source = _spec_source(target, rules)
    store = SnapshotStore(snapshots or default_snapshots(), target)
    with store.reading():
        stored = store.read(source)
    if stored.usable:
        return stored.content, str(store.dir / stored.entry.file)
    url = source.url
    try:
        return read_spec(url, base_url=base_url or os.environ.get("CHECKER_BASE_URL"), timeout=timeout), url
    except InputError as exc:
        stored_state = f"the stored spec is unusable ({stored.corrupt})" if stored.corrupt else "no stored snapshot"
        raise InputError(f"{stored_state} and {exc.message}",
                         "pass --spec FILE|URL, or run `checker snapshot` to store the spec") from None


def _spec_source(target: str, rules: str | Path | None) -> Source:
    from checker.errors import CheckerError
    from checker.sources.target import load_target

    try:
        return load_target(target, rules).spec
    except CheckerError:  # the bundled target is optional here; the official URL is known
        return Source(id="openapi", kind="spec", url=LIVE_SPEC_URL)
