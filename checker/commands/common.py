"""Options shared by the commands that crawl a target (check, snapshot, watch)."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from checker.errors import ConfigError


def add_target_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("target")
    group.add_argument("--target", default="openrouter", help="target name under the rules directory (default: openrouter)")
    group.add_argument("--base-url", default=os.environ.get("CHECKER_BASE_URL"), metavar="URL",
                       help="fetch from this origin instead of https://openrouter.ai (a mirror or proxy); "
                            "reported URLs stay official. Also CHECKER_BASE_URL")
    group.add_argument("--snapshots", type=Path, default=Path(os.environ.get("CHECKER_SNAPSHOTS", "snapshots")),
                       metavar="DIR", help="snapshot directory (default: ./snapshots, or CHECKER_SNAPSHOTS)")
    group.add_argument("--rules", type=Path, default=None, metavar="DIR",
                       help="rules directory holding <target>/target.yaml and rule files (default: the bundled rules/)")
    group.add_argument("--timeout", type=float, default=15.0, metavar="S", help="per-request timeout in seconds (default 15)")


def check_base_url(url: str | None) -> str | None:
    if url is None or url == "":
        return None
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"--base-url must be an http(s) URL, got '{url}'", "e.g. --base-url http://127.0.0.1:8080")
    return url.rstrip("/")
