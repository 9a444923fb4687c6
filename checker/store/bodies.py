"""Which fetched body produced which stored content: a body identical to the last one is not
parsed or normalised again (servers that send no ETag answer 200 with the same bytes).

`<store>/.cache/bodies.json` maps a source id to [body key, content sha256]. It is a cache
beside the snapshot, not part of it (the journal skips .cache): a hit also needs the content
sha256 to be the stored entry's, so an entry left from another baseline is never used. A damaged
file is empty; writes are atomic and best-effort.
"""
from __future__ import annotations

import json
from pathlib import Path

FILE = Path(".cache") / "bodies.json"


def read_bodies(store_dir: Path) -> dict[str, tuple[str, str]]:
    try:
        data = json.loads((store_dir / FILE).read_text(encoding="utf-8"))
        return {str(k): (str(v[0]), str(v[1])) for k, v in data.items()}
    except (OSError, ValueError, TypeError, AttributeError, IndexError, KeyError):
        return {}


def write_bodies(store_dir: Path, bodies: dict[str, tuple[str, str]]) -> None:
    from checker.store.atomic import atomic_write

    try:
        atomic_write(store_dir / FILE, json.dumps({k: list(v) for k, v in sorted(bodies.items())}, indent=0))
    except OSError:
        pass  # the next run parses again
