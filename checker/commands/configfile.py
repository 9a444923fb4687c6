"""Which config file a run reads, on the standard library only (the fast replay stamps it without
importing checker.commands.settings, which reads it): the nearest `checker.toml`, or
`pyproject.toml` (read for its `[tool.checker]` table), looking in the current directory and then
its parents up to the first one that holds either file or a `.git`."""
from __future__ import annotations

from pathlib import Path


def config_file(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("checker.toml", "pyproject.toml"):
            if (folder / name).is_file():
                return folder / name
        if (folder / ".git").exists():
            break
    return None
