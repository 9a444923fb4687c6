"""Shared helpers for the rule tests: the synthetic spec and pages of tests/fixtures/rules."""
from __future__ import annotations

import json
from pathlib import Path

from checker.models import Page, Section

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"


def synthetic_spec() -> dict:
    return json.loads((FIXTURES / "spec.json").read_text())


def synthetic_pages() -> dict[str, Page | None]:
    data = json.loads((FIXTURES / "pages.json").read_text())
    pages: dict[str, Page | None] = {
        pid: Page(title=p["title"], sections=tuple(Section(*s) for s in p["sections"])) for pid, p in data.items()
    }
    pages["docs/down"] = None
    return pages


def page(*sections: tuple[str, str, int, str], title: str = "T") -> Page:
    return Page(title=title, sections=tuple(Section(*s) for s in sections))
