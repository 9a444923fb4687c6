"""Runtime guard: every Finding that checker code creates during a test has a catalogued code
of the catalogued kind (checker/codes.py). Findings that tests build themselves are not checked."""
from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from checker import models
from checker.codes import lookup
from checker.models import Finding


def uncatalogued(code: str, kind: str) -> str | None:
    """Why (code, kind) is not a catalogued finding, or None when it is."""
    entry = lookup(code)
    if entry is None:
        return f"code '{code}' ({kind}) is not in checker/codes.py"
    if entry.kind != kind:
        return f"code '{code}' is emitted as kind '{kind}' but catalogued as '{entry.kind}'"
    return None


@pytest.fixture(autouse=True)
def catalogued_codes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    problems: list[str] = []
    original = models.sealed  # what Finding.__post_init__ calls (msgspec binds __post_init__ itself once)

    def checked(self: Finding) -> None:
        original(self)
        caller = sys._getframe(2).f_globals.get("__name__", "")  # 0 here, 1 __post_init__, 2 the caller
        if caller.startswith("checker."):
            problem = uncatalogued(self.code, self.kind)
            if problem:
                problems.append(f"{caller}: {problem}")

    monkeypatch.setattr(models, "sealed", checked)
    yield problems  # a test may look at (and clear) what was caught
    assert not problems, "uncatalogued finding codes: " + "; ".join(sorted(set(problems)))
