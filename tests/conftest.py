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


@pytest.fixture(autouse=True, scope="session")
def _private_parsed_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The parsed-files cache (checker.store.parsed) of the whole run in a temporary directory, not ~/.cache."""
    import os

    mp = pytest.MonkeyPatch()
    if "CHECKER_CACHE_DIR" not in os.environ:
        mp.setenv("CHECKER_CACHE_DIR", str(tmp_path_factory.mktemp("parsed-cache")))
    yield
    mp.undo()


from tests.codes_guard import catalogued_codes  # noqa: E402,F401 - autouse: findings use catalogued codes
