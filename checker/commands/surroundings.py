"""What a run reads from its surroundings, on the standard library only (the fast replay,
checker.commands.replay, reads them before the command line is parsed, and as the run does):

- the config file: the nearest `checker.toml`, or `pyproject.toml` (read for its `[tool.checker]`
  table by checker.commands.settings), looking in the current directory and then its parents up
  to the first one that holds either file or a `.git`;
- the terminal's width, as shutil.get_terminal_size gives its columns (COLUMNS, else the terminal
  of stdout, else the fallback), without importing shutil (it imports bz2 and lzma: ~4 ms).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

WIDTH = 100  # when neither COLUMNS nor a terminal says


def config_file(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("checker.toml", "pyproject.toml"):
            if (folder / name).is_file():
                return folder / name
        if (folder / ".git").exists():
            break
    return None


def terminal_width(fallback: int = WIDTH) -> int:
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or fallback
