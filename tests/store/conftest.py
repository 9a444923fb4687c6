"""Fixtures of the store tests: the tiny site of tests/store/site.py, served on loopback."""
from __future__ import annotations

import pytest

from tests.loopback import LoopbackServer
from tests.store.site import run, serve_v1, workdir


@pytest.fixture
def site():
    with LoopbackServer() as server:
        serve_v1(server)
        yield server


@pytest.fixture
def work(site, tmp_path):
    """A working directory with a v1 baseline of the site."""
    work = workdir(tmp_path)
    assert run(work, site.url, "snapshot") == 0
    return work
