"""`checker watch` (being built; owned by another engineer)."""
from __future__ import annotations

import argparse

from checker.errors import CheckerError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    raise CheckerError("'checker watch' is not available yet")
