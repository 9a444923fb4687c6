"""Fixtures of the catalog tests: the tiny store site plus the v1 catalog, served on loopback."""
from __future__ import annotations

import pytest

from tests.catalog.fixtures import catalog_v1, serve_catalog
from tests.loopback import LoopbackServer
from tests.store.site import serve_v1


@pytest.fixture
def site():
    with LoopbackServer() as server:
        serve_v1(server)
        serve_catalog(server, catalog_v1())
        yield server
