"""Where each setting comes from: the flag, else the environment, else the config file, else the default.

The config file is the nearest `checker.toml` (top-level keys) or `pyproject.toml` with a
`[tool.checker]` table, looking in the current directory and then its parents up to the first one
that holds either file or a `.git`. Relative paths in it are relative to the file's directory.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from checker.commands.surroundings import config_file
from checker.commands.options import BY_DEST, SETTINGS, Setting
from checker.errors import ConfigError
from checker.models import Severity



class Config(Struct):
    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)


def find_config(start: Path | None = None) -> Config:
    path = config_file(start)
    values = None if path is None else _read(path, tool_table=path.name == "pyproject.toml")
    return Config(path, values) if values is not None else Config()


def _read(path: Path, tool_table: bool) -> dict[str, Any] | None:
    if sys.version_info >= (3, 11):  # imported here: most runs have no config file to parse
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    if tool_table:
        data = data.get("tool", {}).get("checker")
        if data is None:
            return None
    where = f"{path}: [tool.checker]" if tool_table else str(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a table")
    return {_key(where, k): _value(where, k, v, path.parent) for k, v in data.items()}


def _key(where: str, key: str) -> str:
    dest = key.replace("-", "_")
    if dest not in BY_DEST:
        import difflib

        close = difflib.get_close_matches(dest, list(BY_DEST), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(BY_DEST)}"
        raise ConfigError(f"{where}: unknown key '{key}'", hint)
    return dest


def _value(where: str, key: str, value: Any, base: Path) -> Any:
    s = BY_DEST[key.replace("-", "_")]
    if s.kind == "list":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: key '{key}' must be a list of strings")
        return value
    if s.kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where}: key '{key}' must be a number")
        return float(value)
    if not isinstance(value, str):
        raise ConfigError(f"{where}: key '{key}' must be a string")
    return base / value if s.kind == "path" else value


def _from_env(s: Setting) -> Any:
    raw = os.environ.get(s.env or "")
    if not raw:
        return None
    if s.kind == "float":
        try:
            return float(raw)
        except ValueError:
            raise ConfigError(f"{s.env}: expected a number, got '{raw}'") from None
    return Path(raw) if s.kind == "path" else raw


def _checked(dest: str, value: Any, origin: str) -> Any:
    where = f" (from {origin})" if origin != "command line" else ""
    if dest == "timeout" and value <= 0:
        raise ConfigError(f"--timeout must be positive{where}")
    if dest == "fail_on" and value is not None and value not in [s.value for s in Severity]:
        raise ConfigError(f"--fail-on must be error, warning or info, got '{value}'{where}")
    if dest == "base_url" and value:
        if not value.startswith(("http://", "https://")):
            raise ConfigError(f"--base-url must be an http(s) URL, got '{value}'{where}",
                              "e.g. --base-url http://127.0.0.1:8080")
        return value.rstrip("/")
    return value or None if dest == "base_url" else value


def resolve_settings(args: argparse.Namespace, config: Config) -> None:
    """Fill every setting the command has; args._sources[dest] says where the value came from."""
    sources: dict[str, str] = {}
    for s in SETTINGS:
        if not hasattr(args, s.dest):
            continue
        value, origin = getattr(args, s.dest), "command line"
        if s.dest == "format":
            value = None  # the report pairs are resolved from the command line items, see formats.py
        if value is None:
            value, origin = _from_env(s), f"environment {s.env}"
        if value is None and s.dest in config.values:
            value, origin = config.values[s.dest], str(config.path)
        if value is None:
            value, origin = s.default, "default"
        if s.dest == "format":
            args._configured_formats = value
            if getattr(args, "_report_items", None):
                origin = "command line"
        else:
            setattr(args, s.dest, _checked(s.dest, value, origin))
        sources[s.dest] = origin
    args._sources = sources
    args._config_path = config.path
