"""Which docs pages to read: a directory of .mdx/.md sources, else the target's stored snapshot."""
from __future__ import annotations

from pathlib import Path

from checker.errors import ConfigError, InputError
from checker.models import Page

SUFFIXES = (".mdx", ".md")


def pages_from_dir(root: Path) -> dict[str, Page]:
    """Page id (path without suffix, '/'-separated) -> Page, for every .mdx/.md file under root."""
    from checker.normalise.markdown import markdown_to_page

    if not root.is_dir():
        raise InputError(f"{root}: not a directory", "pass --pages DIR holding .mdx or .md files")
    out: dict[str, Page] = {}
    for path in sorted(p for p in root.rglob("*") if p.suffix in SUFFIXES and p.is_file()):
        text = path.read_bytes().decode("utf-8", errors="replace")
        out[path.relative_to(root).with_suffix("").as_posix()] = markdown_to_page(text)
    return out


def pages_from_store(target: str, rules: Path | None, snapshots: Path) -> dict[str, Page]:
    from checker.sources.target import load_target
    from checker.store.snapshots import SnapshotStore

    store = SnapshotStore(snapshots, target)
    out: dict[str, Page] = {}
    with store.reading():
        for source in load_target(target, rules).pages:
            page = store.load(source)
            if isinstance(page, Page):
                out[source.id] = page
    if not out:
        raise ConfigError(f"no stored pages in {snapshots}/{target}",
                          "run `checker snapshot` first, or pass --pages DIR")
    return out


def select(pages: dict[str, Page], wanted: list[str]) -> dict[str, Page]:
    missing = [p for p in wanted if p not in pages]
    if missing:
        raise ConfigError(f"no page '{missing[0]}'", f"pages: {', '.join(sorted(pages)) or 'none'}")
    return {p: pages[p] for p in wanted} if wanted else pages
