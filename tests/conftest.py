"""Shared fixtures: a real HTTP server on 127.0.0.1 (see tests/loopback.py)."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.loopback import LoopbackServer


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    """A fresh loopback server per test; configure it with .route / .redirect / .fault."""
    with LoopbackServer() as server:
        yield server


from tests.codes_guard import catalogued_codes  # noqa: E402,F401 - autouse: findings use catalogued codes
