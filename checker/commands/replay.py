"""The fast replay of `checker check`: a run whose command line and surroundings were seen before,
whose replay record still matches and whose every request answers 304 again writes the text that
run wrote and exits with its code, before the command line is even parsed: no msgspec, models,
reporters nor pipeline are imported (tests/unit/test_import_budget.py keeps it so).

What the text depended on is its witness: the command line as given, the working directory, the
environment variables checker and the reporters read (CHECKER_*, colour, terminal), whether stdout
is a terminal, its width, and the config file found (its path and stamp). The same witness
resolves to the same options, but for the rules directory (./rules may appear): the view keeps
the --rules value and its resolution, checked again. The views are in the replay record
(checker.store.views); which store a witness's run used is remembered in the user cache
(`replays.json`). Anything else is a miss: the run goes on as without this, the probe's requests
already in flight (handed over, not sent twice).
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from checker.commands.surroundings import config_file, terminal_width
from checker.redact import redact_text
from checker.sources.target import rules_root
from checker.store import views
from checker.store.parsed import cache_dir

POINTERS = "replays.json"  # in the user cache: witness -> store directory
MAX_POINTERS = 16
VIEW_ENV = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TERM", "COLUMNS", "LINES")


def witness(words: list[str]) -> str | None:
    """Everything a check's stdout and exit code depend on besides its record, as JSON text; None
    when it would hold a secret (the record and the user cache are files)."""
    env = sorted((k, v) for k, v in os.environ.items() if k.startswith("CHECKER_") or k in VIEW_ENV)
    try:
        tty = sys.stdout.isatty()
    except (AttributeError, ValueError):
        tty = False
    config = config_file()
    text = json.dumps([words, os.getcwd(), env, tty, terminal_width(),
                       str(config) if config else None, views.file_stamp(config) if config else []])
    return text if redact_text(text) == text else None


def attempt(words: list[str]) -> tuple[int | None, object]:
    """(the exit code of a fast replay, or None; the probe started for the run to take over, or None)."""
    try:
        seen = witness(words)
        store = _pointers().get(seen) if seen else None
        data = views.read_data(Path(store)) if isinstance(store, str) else None
        view = views.view_of(data, seen) if data is not None and seen else None
    except OSError:
        return None, None
    if view is None:
        return None, None
    start = time.perf_counter()
    from checker.fetch.probe import Probe

    wires = [views.wire_of(item) for item in data["plan"]]
    probe = Probe(view["inputs"]["base_url"], float(view["timeout"]))
    probe.send(wires)  # first: the requests' latency overlaps the key's stat calls
    if not _still(view, data) or not probe.all_not_modified(wires):
        return None, probe
    sys.stdout.write(views.fill(view["text"], int((time.perf_counter() - start) * 1000)))
    sys.stdout.flush()
    return view["exit"], None


def _still(view: dict, data: dict) -> bool:
    """Whether the view's rules directory resolves as it did and the record's key still matches."""
    try:
        if str(rules_root(view["rules"])) != view["inputs"]["rules_dir"]:
            return False
    except OSError:  # ./rules unreadable: the run says so, if it matters
        return False
    return data["key"] == views.key(view["inputs"], data["plan"])


def remember(seen: str, store_dir: Path) -> None:
    """Which store the run of `seen` used (best-effort: the next run is a slower replay, nothing worse)."""
    folder = cache_dir()
    if folder is None:
        return
    pointers = _pointers()
    if pointers.get(seen) == str(store_dir):
        return
    pointers.pop(seen, None)
    kept = dict(list({seen: str(store_dir), **pointers}.items())[:MAX_POINTERS])
    from checker.store.atomic import atomic_write

    try:
        atomic_write(folder / POINTERS, json.dumps(kept))
    except OSError:
        pass


def _pointers() -> dict:
    folder = cache_dir()
    if folder is None:
        return {}
    try:
        found = json.loads((folder / POINTERS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
